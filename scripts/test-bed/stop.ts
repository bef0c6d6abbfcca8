/**
 * Stops the test bed running in this checkout (SIGTERM to its process, which
 * stops its children and removes the state file), and waits until it is gone.
 *
 *   npx tsx scripts/test-bed/stop.ts
 */
import { statePath } from './paths';
import { isAlive, readLiveState } from './state';

async function main(): Promise<void> {
  const state = readLiveState(statePath);
  if (!state) {
    process.stderr.write('no test bed is running\n');
    return;
  }
  process.kill(state.pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (state.pids.some(isAlive)) {
    if (Date.now() > deadline) {
      process.stderr.write(`the test bed (pids ${state.pids.join(', ')}) did not stop in time\n`);
      process.exitCode = 1;
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.stderr.write('test bed stopped\n');
}

void main();
