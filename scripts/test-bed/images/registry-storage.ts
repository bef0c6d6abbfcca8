/** Where distribution's filesystem storage driver keeps things under its root directory (`rootdirectory`). */
import path from 'node:path';

/** The file holding a blob's bytes: `docker/registry/v2/blobs/<algorithm>/<first 2 hex>/<hex>/data`. */
export function storedBlobPath(storageRoot: string, digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return path.join(storageRoot, 'docker', 'registry', 'v2', 'blobs', algorithm, hex.slice(0, 2), hex, 'data');
}
