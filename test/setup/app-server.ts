/**
 * Global setup of the e2e project: a production build of the app, served on
 * a free loopback port with the test registries allowed, stopped afterwards.
 * Set PULLSCOPE_E2E_REUSE_BUILD=1 to skip the build while iterating locally.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

const root = path.resolve(__dirname, '../..');
const logDir = path.join(root, '.test-bed', 'logs');

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    appLog: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, logFile: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the app server exited with ${child.exitCode}; see ${logFile}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the app server did not answer at ${url}; see ${logFile}`);
}

export default async function setup(project: TestProject) {
  mkdirSync(logDir, { recursive: true });
  if (process.env.PULLSCOPE_E2E_REUSE_BUILD !== '1' || !existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    const build = spawnSync('npx', ['next', 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    if (build.status !== 0) throw new Error(`next build failed with exit code ${build.status}`);
  }
  const port = await freePort();
  const logFile = path.join(logDir, 'app.log');
  const log = createWriteStream(logFile);
  const child = spawn('npx', ['next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', PULLSCOPE_ALLOWED_HOSTS: process.env.PULLSCOPE_ALLOWED_HOSTS ?? '127.0.0.1,localhost' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url, child, logFile);
  project.provide('appUrl', url);
  project.provide('appLog', logFile);
  return async () => {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((r) => child.once('exit', r));
    }
    log.end();
  };
}
