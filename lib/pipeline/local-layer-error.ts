/**
 * A layer check that fails on bytes read from a file on this machine is
 * said of that file: no registry sent them, and reading them again gives
 * the same bytes, so the advice is a new copy of the image, not a retry.
 *
 * A docker-archive names its layer tars by nothing but the config's
 * diff_id (Pullscope's synthesized manifest repeats it as the layer's
 * digest): there, the blob that failed its digest failed its diff_id.
 */
import { DigestMismatchError } from '../digest';
import { asPullscopeError, type PullscopeError } from '../errors';
import { SizeMismatchError } from '../stream/errors';
import { BrokenTransferError } from './broken-transfer-error';
import type { LocalLayerBlob } from './messages';

/** `err` as the failure of a layer read from `local`: naming its file, with a file's advice. */
export function localLayerError(err: unknown, local: LocalLayerBlob): PullscopeError {
  const inFile = (subject: string) => `${subject} (${local.path} in the archive)`;
  if (err instanceof DigestMismatchError && err.origin !== 'local file') {
    const subject = local.namedBy === 'diff_id' ? err.subject.replace(/ blob$/, ' diff_id') : err.subject;
    const said = new DigestMismatchError(inFile(subject), err.want, err.got, err.bytes, 'local file');
    said.verifiedBlob = err.verifiedBlob;
    return said;
  }
  if (err instanceof SizeMismatchError && err.origin !== 'local file') {
    return new SizeMismatchError(inFile(err.subject), err.want, err.got, err.final, 'local file');
  }
  // A file that fails to read part way is no connection that closed: its own error says what happened.
  if (err instanceof BrokenTransferError) return asPullscopeError(err.cause);
  return asPullscopeError(err);
}
