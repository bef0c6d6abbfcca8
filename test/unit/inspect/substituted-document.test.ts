// What a document that failed its digest or size check says: who named which
// bytes, what came instead, and what of the image was not pulled.
import { describe, expect, it } from 'vitest';
import { checkDigest } from '@/lib/inspect/digest-check';
import { SubstitutedDocumentError } from '@/lib/inspect/substituted-document';

const bytes = new TextEncoder().encode('{"architecture":"arm64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}');
const other = `sha256:${'a'.repeat(64)}`;

describe('a config that fails its check', () => {
  it('by digest: names the manifest\'s digest and the one received, and says no layer was pulled', async () => {
    const check = await checkDigest('config', bytes, [{ source: 'manifest', digest: other, size: bytes.length }]);
    const error = new SubstitutedDocumentError(check);
    expect(error.code).toBe('DIGEST_MISMATCH');
    expect(error.message).toContain(`the manifest names config ${other}, but the config received hashes to ${check.computed}`);
    expect(error.message).toContain('no layer was pulled');
  });

  it('by size alone: names the size declared and the size received, never an undefined header', async () => {
    const digest = (await checkDigest('config', bytes, [])).computed;
    const check = await checkDigest('config', bytes, [{ source: 'manifest', digest, size: bytes.length + 1 }]);
    expect(check.ok).toBe(false);
    const error = new SubstitutedDocumentError(check);
    expect(error.message).toContain(`the manifest declares config ${digest} of ${bytes.length + 1} bytes, but ${bytes.length} bytes were received`);
    expect(error.message, `got ${error.message}`).not.toContain('undefined');
    expect(error.suggestion).toContain('serves other content under this digest');
  });
});
