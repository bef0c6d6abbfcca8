/**
 * Corrupting a blob in the registries' storage after the push, so a client
 * downloading it gets bytes that do not match the digest that names them.
 * The registry checked the digest on upload and never again (distribution's
 * filesystem driver serves the file as it is), which is how bit rot or a
 * broken mirror looks to a client.
 */
import fs from 'node:fs';
import { sha256Digest } from './oci-layout';
import { storedBlobPath } from './registry-storage';

/** Flips every bit of the blob's middle byte; returns that byte's offset. Same size, wrong bytes. */
export function corruptStoredBlob(storageRoot: string, digest: string): number {
  const file = storedBlobPath(storageRoot, digest);
  const bytes = fs.readFileSync(file);
  if (sha256Digest(bytes) !== digest) throw new Error(`stored blob ${digest} is not intact before corrupting it`);
  const offset = Math.floor(bytes.length / 2);
  bytes[offset] ^= 0xff;
  fs.writeFileSync(file, bytes);
  return offset;
}
