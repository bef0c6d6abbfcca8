/**
 * Rebuilds the typed errors a layer worker posts (PullscopeError.toWire)
 * into their classes, so the page can use `instanceof` and read offsets,
 * digests and sizes: the stream and file-tree errors here, registry and
 * digest errors through lib/registry's errorFromWire.
 */
import { PullscopeError, type WireError } from '../errors';
import { UnsafePathError, isUnsafePathReason } from '../fs/errors';
import { errorFromWire } from '../registry/errors';
import { BrokenTransferError } from './broken-transfer-error';
import { InflateError, SizeMismatchError, TarFormatError, UnverifiableDigestError } from '../stream/errors';

/** The PullscopeError subclass a worker's wire error describes; unknown codes become a plain PullscopeError. */
export function pipelineErrorFromWire(wire: WireError): PullscopeError {
  const error = errorOfClass(wire);
  if (typeof wire.verifiedBlob === 'string') error.verifiedBlob = wire.verifiedBlob;
  return error;
}

function errorOfClass(wire: WireError): PullscopeError {
  const s = (key: string) => (typeof wire[key] === 'string' ? (wire[key] as string) : undefined);
  const n = (key: string) => (typeof wire[key] === 'number' ? (wire[key] as number) : undefined);
  switch (wire.code) {
    case 'SIZE_MISMATCH': {
      const [subject, want, got] = [s('subject'), n('want'), n('got')];
      if (subject !== undefined && want !== undefined && got !== undefined) {
        // The message differs for a stream cut short ("got N bytes") and one that ran past its size.
        return new SizeMismatchError(subject, want, got, !wire.message.includes('got more than'), s('origin') === 'local file' ? 'local file' : 'registry');
      }
      break;
    }
    case 'TRANSFER_BROKEN': {
      const [subject, got, silentMs] = [s('subject'), n('got'), n('silentMs')];
      const stalled = typeof wire.stalled === 'boolean' ? wire.stalled : undefined;
      if (subject !== undefined && got !== undefined && silentMs !== undefined) return new BrokenTransferError({ subject, got, want: n('want'), silentMs, stalled });
      break;
    }
    case 'INFLATE_FAILED': {
      const [compression, offset] = [s('compression'), n('offset')];
      if ((compression === 'gzip' || compression === 'zstd') && offset !== undefined) return new InflateError(compression, offset, wire.message);
      break;
    }
    case 'TAR_FORMAT': {
      const offset = n('offset');
      if (offset !== undefined) return new TarFormatError(offset, wire.message);
      break;
    }
    case 'UNVERIFIABLE_DIGEST': {
      const digest = s('digest');
      const cut = wire.message.indexOf(': cannot verify ');
      if (digest !== undefined && cut > 0) return new UnverifiableDigestError(wire.message.slice(0, cut), digest);
      break;
    }
    case 'UNSAFE_PATH': {
      const path = s('path');
      const offset = n('offset');
      if (path !== undefined) {
        // The reason is the message's tail, after the part the constructor writes itself.
        const head = new UnsafePathError(path, '', offset).message;
        const why = wire.message.startsWith(head) ? wire.message.slice(head.length) : 'unsafe path';
        const reason = s('reason');
        return new UnsafePathError(path, why, offset, isUnsafePathReason(reason) ? reason : undefined);
      }
      break;
    }
  }
  return errorFromWire(wire, 500);
}

