/**
 * Writes the built-in example image, an OCI image layout tar, to
 * public/example/pullscope-example.oci.tar: `npx tsx scripts/build-example.ts`.
 * No network; the same bytes on every run (scripts/example/example-image.ts).
 * The page opens it with "Open the built-in example" (`/?example=1`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Digest } from '../lib/digest';
import { buildExampleArchive } from './example/example-image';

/** Where the example lives in the repository (served as /example/pullscope-example.oci.tar). */
export const EXAMPLE_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'public', 'example', 'pullscope-example.oci.tar');

async function main(): Promise<void> {
  const { bytes, indexDigest } = await buildExampleArchive();
  mkdirSync(path.dirname(EXAMPLE_FILE), { recursive: true });
  writeFileSync(EXAMPLE_FILE, bytes);
  process.stdout.write(`${path.relative(process.cwd(), EXAMPLE_FILE)}: ${bytes.length} bytes, ${await sha256Digest(bytes)}\nindex ${indexDigest}\n`);
}

void main();
