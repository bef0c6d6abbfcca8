/**
 * The benchmark's own registries, separate from the test bed (whose state
 * file a concurrent `npm test` may own): one anonymous registry to push into
 * and read layers from, and one token-auth registry with our token server,
 * for the first-view figure. Both serve one storage root under bench/out/.
 * Built from the test bed's parts (config writer, token server, signer).
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { spawnLogged, stopChildren } from '../test-bed/children';
import { freePorts } from '../test-bed/ports';
import { registryConfigYaml, type RegistryConfig } from '../test-bed/registry-config';
import { startTokenServer } from '../test-bed/token-server';
import { createSigningIdentity } from '../test-bed/token-signer';
import { waitForHttp } from '../test-bed/wait-for-http';

/** The running registries and how to stop them. */
export interface BenchRegistries {
  /** `127.0.0.1:PORT` of the registry without auth (pushes go here). */
  anonymousHost: string;
  /** `127.0.0.1:PORT` of the token-auth registry (anonymous pull allowed). */
  tokenHost: string;
  /** The token endpoint, and the `service` it expects. */
  realm: string;
  service: string;
  storageRoot: string;
  stop(): Promise<void>;
}

const service = 'pullscope-bench';
const issuer = 'pullscope-bench-token-issuer';

/** Starts both registries and the token server on free loopback ports, over an empty storage root in `dir`. */
export async function startBenchRegistries(dir: string, logsDir: string): Promise<BenchRegistries> {
  const storageRoot = path.join(dir, 'storage');
  const configDir = path.join(dir, 'config');
  fs.rmSync(dir, { recursive: true, force: true });
  for (const d of [storageRoot, configDir, logsDir]) fs.mkdirSync(d, { recursive: true });

  const [anonymousPort, tokenPort, tokenServerPort] = await freePorts(3);
  const realm = `http://127.0.0.1:${tokenServerPort}/token`;
  const identity = await createSigningIdentity(configDir);
  const tokenServer: http.Server = await startTokenServer({
    port: tokenServerPort,
    service,
    issuer,
    identity,
    // Nothing of the bench is private; these only satisfy the server's options.
    username: 'bench',
    password: 'bench',
    expiresIn: 300,
    logPath: path.join(logsDir, 'token-server.log'),
  });

  const start = async (name: string, config: RegistryConfig): Promise<string> => {
    const configPath = path.join(configDir, `registry-${name}.yml`);
    fs.writeFileSync(configPath, registryConfigYaml(config));
    const child = spawnLogged('docker-registry', ['serve', configPath], path.join(logsDir, `registry-${name}.log`));
    const host = `127.0.0.1:${config.port}`;
    await waitForHttp(`http://${host}/v2/`, { child, name: `bench registry ${name}` });
    return host;
  };
  const stop = async () => {
    await stopChildren();
    tokenServer.closeAllConnections();
    await new Promise<void>((resolve) => tokenServer.close(() => resolve()));
  };
  try {
    const [anonymousHost, tokenHost] = await Promise.all([
      start('anonymous', { port: anonymousPort, storageRoot, auth: { kind: 'none' } }),
      start('token', {
        port: tokenPort,
        storageRoot,
        auth: { kind: 'token', realm, service, issuer, rootCertBundle: identity.certificatePath },
      }),
    ]);
    return { anonymousHost, tokenHost, realm, service, storageRoot, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
