// Every error a layer worker can post comes back on the page as the same
// class with the same message and fields.
import { describe, expect, it } from 'vitest';
import { DigestMismatchError } from '@/lib/digest';
import { PullscopeError } from '@/lib/errors';
import { UnsafePathError } from '@/lib/fs/errors';
import { BrokenTransferError } from '@/lib/pipeline/broken-transfer-error';
import { pipelineErrorFromWire } from '@/lib/pipeline/error-from-wire';
import { InflateError, SizeMismatchError, TarFormatError, UnverifiableDigestError } from '@/lib/stream/errors';

const cases: Array<[string, PullscopeError]> = [
  ['digest mismatch', new DigestMismatchError('layer 2 diff_id', `sha256:${'a'.repeat(64)}`, `sha256:${'b'.repeat(64)}`, 1234)],
  ['digest mismatch of a local file', new DigestMismatchError('layer 1 blob (blobs/sha256/ab in the archive)', `sha256:${'a'.repeat(64)}`, `sha256:${'b'.repeat(64)}`, 9, 'local file')],
  ['short blob', new SizeMismatchError('layer 1 blob', 100, 90, true)],
  ['short blob of a local file', new SizeMismatchError('layer 1 blob (blobs/sha256/ab in the archive)', 100, 90, true, 'local file')],
  ['long blob', new SizeMismatchError('layer 1 blob', 100, 101, false)],
  ['transfer cut part way', new BrokenTransferError({ subject: 'layer 2 blob', got: 4096, want: 8192, silentMs: 12 })],
  ['transfer that stalled', new BrokenTransferError({ subject: 'layer 2 blob', got: 4096, want: 8192, silentMs: 30_100 })],
  ['transfer of unknown size cut', new BrokenTransferError({ subject: 'blob', got: 4096, silentMs: 12 })],
  ['transfer the proxy saw stall', new BrokenTransferError({ subject: 'the manifest', got: 100, want: 610, silentMs: 200, stalled: true })],
  ['corrupt gzip', new InflateError('gzip', 77, 'corrupt gzip at compressed byte 77: invalid distance')],
  ['truncated zstd', new InflateError('zstd', 9, 'zstd stream truncated after 9 bytes')],
  ['bad tar', new TarFormatError(1024, 'bad checksum in tar header at byte 1024')],
  ['sha512 digest', new UnverifiableDigestError('layer 3 blob', `sha512:${'c'.repeat(128)}`)],
  ['unsafe path', new UnsafePathError('../etc/passwd', 'it climbs out of the root with ".."', 2048)],
  ['malformed whiteout', new UnsafePathError('etc/.wh.', 'a whiteout must name an entry of its directory', 512, 'whiteout-names-nothing')],
  ['link that loops', new UnsafePathError('l/x', 'its parent goes through more than 40 symlinks (a loop)', 1536, 'through-symlink')],
];

describe('pipelineErrorFromWire', () => {
  it.each(cases)('rebuilds a %s', (_name, original) => {
    const wire = JSON.parse(JSON.stringify(original.toWire()));
    const rebuilt = pipelineErrorFromWire(wire);
    expect(rebuilt).toBeInstanceOf(original.constructor);
    expect(rebuilt.message).toBe(original.message);
    expect(rebuilt.toWire()).toEqual(original.toWire());
  });

  it('keeps an unknown code as a plain PullscopeError', () => {
    const rebuilt = pipelineErrorFromWire({ code: 'SOMETHING_NEW', message: 'm', suggestion: 's' });
    expect(rebuilt).toBeInstanceOf(PullscopeError);
    expect(rebuilt.code).toBe('SOMETHING_NEW');
  });
});
