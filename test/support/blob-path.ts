/**
 * Where a blob of the test bed lives on disk: the registries share one
 * filesystem storage root, so a test can read (or compare with) the exact
 * bytes a registry serves.
 */
import { storedBlobPath } from '../../scripts/test-bed/images/registry-storage';
import type { TestBed } from './test-bed';

/** The path of the file holding the blob `digest` (`sha256:<hex>`) in the bed's storage root. */
export function blobPath(bed: Pick<TestBed, 'storageRoot'>, digest: string): string {
  if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new Error(`not a sha256 digest: ${digest}`);
  return storedBlobPath(bed.storageRoot, digest);
}
