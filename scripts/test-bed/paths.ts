/**
 * Where the test bed keeps its files. Everything lives under `.test-bed/` at
 * the repository root (git-ignored), so a run never writes anywhere else.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file's location (scripts/test-bed/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The test bed's working directory. */
export const bedDir = path.join(repoRoot, '.test-bed');

/** The file tests read to find the bed; written only once everything answers. */
export const statePath = path.join(bedDir, 'state.json');

/** Registry and companion logs, one file per process. */
export const logsDir = path.join(bedDir, 'logs');

/** Registry configs, htpasswd file, token signing key and certificate. */
export const configDir = path.join(bedDir, 'config');

/** The registries' shared filesystem storage root; emptied at every start. */
export const storageRoot = path.join(bedDir, 'storage');

/** Scratch space of the image builder. */
export const buildDir = path.join(bedDir, 'build');

/** Built OCI layouts, keyed by a hash of the builder's sources. */
export const cacheDir = path.join(bedDir, 'cache');
