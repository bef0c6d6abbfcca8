/**
 * Starts the test bed: four distribution registries over one storage root
 * (anonymous, Basic auth, token auth, token auth with blob redirects), our
 * token server and a CDN stand-in, and the test images pushed into them.
 * Writes `.test-bed/state.json` once everything answers, prints the state,
 * and runs until SIGINT or SIGTERM, then stops every child and removes the
 * state file.
 *
 *   npx tsx scripts/test-bed/start.ts [--exit-with-parent]
 *
 * `--exit-with-parent` also stops the bed when the process that started it
 * goes away without a signal (a killed test runner must not leak registries).
 * `npx tsx scripts/test-bed/stop.ts` stops a bed started elsewhere.
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { childPids, killChildrenNow, stopChildren } from './children';
import { startCdnServer } from './cdn-server';
import { writeHtpasswd } from './htpasswd';
import { buildImages } from './images/build';
import { publishImages } from './images/publish';
import { bedDir, configDir, logsDir, statePath, storageRoot } from './paths';
import { freePorts } from './ports';
import { startRegistry, type RunningRegistry } from './registry-process';
import { readLiveState, readState, writeState, type TestBed } from './state';
import { startTokenServer } from './token-server';
import { createSigningIdentity } from './token-signer';
import { waitForHttp } from './wait-for-http';

/** Fixed test credentials: they guard nothing but the bed's own test images. */
const username = 'alice';
const password = 'wonderland-7f3a';
const service = 'pullscope-test';
const issuer = 'pullscope-test-token-issuer';

const log = (line: string) => process.stderr.write(`[test-bed] ${line}\n`);

const servers: http.Server[] = [];
let stopping: Promise<never> | undefined;

/** Stops everything once, however many signals arrive (a terminal's Ctrl-C reaches tsx and us both). */
function shutdown(code: number): Promise<never> {
  stopping ??= (async () => {
    fs.rmSync(statePath, { force: true });
    await stopChildren();
    await Promise.all(
      servers.map((s) => {
        s.closeAllConnections();
        return new Promise<void>((resolve) => s.close(() => resolve()));
      }),
    );
    log('stopped');
    process.exit(code);
  })();
  return stopping;
}

function watchRegistry(registry: RunningRegistry): void {
  registry.child.once('exit', (code, signal) => {
    if (stopping) return;
    log(`registry ${registry.name} exited unexpectedly (code ${code}, signal ${signal}); see ${registry.logPath}`);
    void shutdown(1);
  });
}

function exitWithParent(): void {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) {
      log('the process that started the bed is gone; stopping');
      void shutdown(1);
    }
  }, 1_000).unref();
}

/**
 * A bed that was killed outright (SIGKILL) leaves its registries running on
 * the storage we are about to empty. Its state file still names them: stop
 * those pids that are still registries of this bed.
 */
function reapStaleRegistries(): void {
  const stale = readState(statePath);
  for (const pid of stale?.pids ?? []) {
    let commandLine = '';
    try {
      commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (commandLine.includes('docker-registry') && commandLine.includes(configDir)) {
      log(`stopping registry ${pid} left by a killed bed`);
      process.kill(pid, 'SIGKILL');
    }
  }
}

async function start(): Promise<TestBed> {
  const running = readLiveState(statePath);
  if (running) {
    throw new Error(`a test bed is already running (pids ${running.pids.join(', ')}); stop it first`);
  }
  reapStaleRegistries();
  fs.rmSync(statePath, { force: true });
  fs.rmSync(storageRoot, { recursive: true, force: true });
  fs.rmSync(logsDir, { recursive: true, force: true });
  fs.rmSync(configDir, { recursive: true, force: true });
  for (const dir of [bedDir, storageRoot, logsDir, configDir]) fs.mkdirSync(dir, { recursive: true });

  const started = Date.now();
  const [anonymousPort, basicPort, tokenPort, redirectPort, tokenServerPort, cdnPort] = await freePorts(6);
  const htpasswdPath = path.join(configDir, 'htpasswd');
  const [built, identity] = await Promise.all([
    buildImages(log),
    createSigningIdentity(configDir),
    writeHtpasswd(htpasswdPath, username, password),
  ]);

  const realm = `http://127.0.0.1:${tokenServerPort}/token`;
  const cdnOrigin = `http://127.0.0.1:${cdnPort}`;
  const tokenAuth = { kind: 'token', realm, service, issuer, rootCertBundle: identity.certificatePath } as const;

  servers.push(
    await startTokenServer({
      port: tokenServerPort,
      service,
      issuer,
      identity,
      username,
      password,
      expiresIn: 300,
      logPath: path.join(logsDir, 'token-server.log'),
    }),
    await startCdnServer({ port: cdnPort, storageRoot, logPath: path.join(logsDir, 'cdn.log') }),
  );
  const registries = await Promise.all([
    startRegistry('anonymous', { port: anonymousPort, storageRoot, auth: { kind: 'none' } }),
    startRegistry('basic', { port: basicPort, storageRoot, auth: { kind: 'htpasswd', realm: 'pullscope-basic', path: htpasswdPath } }),
    startRegistry('token', { port: tokenPort, storageRoot, auth: tokenAuth }),
    startRegistry('redirect', { port: redirectPort, storageRoot, auth: tokenAuth, redirectBaseUrl: cdnOrigin }),
  ]);
  registries.forEach(watchRegistry);
  await waitForHttp(`${realm}?service=${service}`, { name: 'token server' });
  const [anonymous, basic, token, redirect] = registries;
  log(`servers up in ${Date.now() - started} ms`);

  const published = await publishImages(built, anonymous.host, storageRoot);
  log(`images pushed; ready in ${Date.now() - started} ms`);

  return {
    storageRoot,
    anonymous: { host: anonymous.host },
    basic: { host: basic.host, username, password },
    token: { host: token.host, realm, service, username, password },
    redirect: { host: redirect.host, cdnOrigin, realm, service },
    ...published,
    pid: process.pid,
    pids: [process.pid, ...childPids()],
    startedAt: new Date().toISOString(),
  };
}

async function main(): Promise<void> {
  process.on('exit', killChildrenNow);
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGHUP', () => void shutdown(0));
  if (process.argv.includes('--exit-with-parent')) exitWithParent();
  try {
    const state = await start();
    writeState(statePath, state);
    process.stdout.write(JSON.stringify(state, null, 2) + '\n');
  } catch (error) {
    log(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (error instanceof Error && error.cause !== undefined) log(`cause: ${String(error.cause)}`);
    await shutdown(1);
  }
}

void main();
