/**
 * The htpasswd file of the Basic-auth registry. distribution 2.8's htpasswd
 * access controller accepts bcrypt entries only, which `htpasswd -B` writes.
 */
import fs from 'node:fs';
import { run } from './run';

/** Writes an htpasswd file holding one bcrypt entry for `username`. */
export async function writeHtpasswd(path: string, username: string, password: string): Promise<void> {
  const line = await run('htpasswd', ['-Bbn', username, password]);
  fs.writeFileSync(path, line.trim() + '\n', { mode: 0o600 });
}
