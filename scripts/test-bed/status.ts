/**
 * Whether a test bed is running in this checkout: exit status 0 (and its
 * first pid on stdout) when `.test-bed/state.json` names live processes, 1
 * otherwise.
 *
 *   npx tsx scripts/test-bed/status.ts
 */
import { statePath } from './paths';
import { readLiveState } from './state';

const state = readLiveState(statePath);
if (state) {
  process.stdout.write(`${state.pids[0]}\n`);
} else {
  process.exitCode = 1;
}
