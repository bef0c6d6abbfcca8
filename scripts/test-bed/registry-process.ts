/**
 * Starting one `docker-registry serve` (distribution 2.8, Debian's build)
 * with its own config file and log, and waiting until it answers.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { spawnLogged } from './children';
import { configDir, logsDir } from './paths';
import { registryConfigYaml, type RegistryConfig } from './registry-config';
import { waitForHttp } from './wait-for-http';

/** A running registry. */
export interface RunningRegistry {
  name: string;
  host: string;
  child: ChildProcess;
  logPath: string;
}

/** Starts a registry named `name` (used for its config and log file names). */
export async function startRegistry(name: string, config: RegistryConfig): Promise<RunningRegistry> {
  const configPath = path.join(configDir, `registry-${name}.yml`);
  const logPath = path.join(logsDir, `registry-${name}.log`);
  fs.writeFileSync(configPath, registryConfigYaml(config));
  const child = spawnLogged('docker-registry', ['serve', configPath], logPath);
  const host = `127.0.0.1:${config.port}`;
  try {
    await waitForHttp(`http://${host}/v2/`, { child, name: `registry ${name}` });
  } catch (error) {
    const log = fs.existsSync(logPath) ? fs.readFileSync(logPath, 'utf8').slice(-2000) : '';
    throw new Error(`registry ${name} did not start; its log ends with:\n${log}`, { cause: error });
  }
  return { name, host, child, logPath };
}
