/**
 * The tab's stored copy of a blob no longer holds what was verified when it
 * was stored (the browser's storage changed under it). The copy is deleted;
 * the blob itself, as the registry has it, is not blamed.
 */
import { PullscopeError } from '../errors';
import { DigestMismatchError } from '../digest';
import { InflateError, SizeMismatchError, TarFormatError } from '../stream/errors';

/** True for a failure in the bytes themselves: read from a stored copy that was verified, it means the copy changed. */
export function isContentFault(err: unknown): boolean {
  return err instanceof DigestMismatchError || err instanceof SizeMismatchError || err instanceof InflateError || err instanceof TarFormatError;
}

/** The error for a stored copy found changed while it was read; `cause` says how. */
export function storedCopyChanged(digest: string, cause: unknown): PullscopeError {
  const how = cause instanceof Error ? cause.message : String(cause);
  return new PullscopeError('STORED_COPY_CHANGED', `This tab's stored copy of blob ${digest} changed since it was verified: ${how}`, {
    suggestion:
      'The copy in the browser’s storage was deleted; nothing was saved as complete. Start again: the blob is fetched from the registry and verified anew.',
    status: 500,
    cause,
  });
}
