/**
 * Incompressible but reproducible bytes: an AES-128-CTR keystream over a key
 * derived from a seed string. The same seed gives the same bytes everywhere,
 * so a regenerated layer keeps its digests.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';

/** Writes `bytes` pseudo-random bytes derived from `seed` to `file`. */
export function writePseudoRandomFile(file: string, seed: string, bytes: number): void {
  const key = crypto.createHash('sha256').update(seed).digest();
  const cipher = crypto.createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32));
  const zeros = Buffer.alloc(1024 * 1024);
  const fd = fs.openSync(file, 'w');
  try {
    for (let written = 0; written < bytes; ) {
      const n = Math.min(zeros.length, bytes - written);
      fs.writeSync(fd, cipher.update(zeros.subarray(0, n)));
      written += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}
