/**
 * Reading one file back out of a layer blob: decode from the start (gzip and
 * zstd cannot seek) until the entry's bytes, which the layer index located by
 * their offsets in the uncompressed tar, then stop. The header block at
 * `headerOffset` must look like a tar header (its checksum holds), so offsets
 * applied to the wrong blob fail loudly instead of returning someone else's
 * bytes.
 */
import type { Compression } from '../stream/inflate';
import { TarFormatError } from '../stream/errors';
import { BLOCK_SIZE, isTarHeaderBlock } from '../stream/tar-header';
import { TarReader } from '../stream/tar-reader';
import { createLayerDecoder, type LayerDecoder } from './layer-decoder';

/** Where a regular file's bytes sit in a layer's uncompressed tar (from the layer index). */
export interface LayerFileLocation {
  headerOffset: number;
  dataOffset: number;
  size: number;
  /** Set for a GNU sparse file: its stored bytes are fragments, expanded by the tar reader (zeros in the holes). */
  sparse?: true | object;
}

/** What to read a file from. */
export interface ReadLayerFileInput extends LayerFileLocation {
  /** The layer blob from its first byte (cache or network). */
  blob: ReadableStream<Uint8Array>;
  /** The decoder the layer was read with (LayerResult.compression). */
  compression: Compression;
  /** Read at most this many bytes of the file (a preview). */
  maxBytes?: number;
  /**
   * Keep reading the blob to its end after the file (without decoding it), so
   * a verifying stage upstream sees every byte and can fail; by default the
   * blob is cancelled as soon as the file's bytes are out.
   */
  readToEnd?: boolean;
  signal?: AbortSignal;
}

/** The file's bytes (the first `maxBytes` of them when given). */
export async function readLayerFile(input: ReadLayerFileInput): Promise<Uint8Array> {
  const want = Math.min(input.size, input.maxBytes ?? Infinity);
  const out = new Uint8Array(want);
  let at = 0;
  for await (const piece of fileChunks(input)) {
    out.set(piece, at);
    at += piece.byteLength;
  }
  return out;
}

/** The file's bytes as a stream (a download); cancelling it cancels the blob. */
export function streamLayerFile(input: ReadLayerFileInput): ReadableStream<Uint8Array> {
  const pieces = fileChunks(input);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
}

async function* fileChunks(input: ReadLayerFileInput): AsyncGenerator<Uint8Array, void, undefined> {
  if (input.sparse) {
    yield* sparseFileChunks(input);
    return;
  }
  const { headerOffset, dataOffset } = input;
  const end = dataOffset + Math.min(input.size, input.maxBytes ?? Infinity);
  const headerEnd = headerOffset + BLOCK_SIZE;
  const header = new Uint8Array(BLOCK_SIZE);
  let headerChecked = false;
  let position = 0;
  let pending: Uint8Array[] = [];
  const decoder = await createLayerDecoder(input.compression, (chunk) => {
    const start = position;
    position += chunk.byteLength;
    if (!headerChecked && position > headerOffset && start < headerEnd) {
      const from = Math.max(start, headerOffset);
      const to = Math.min(position, headerEnd);
      header.set(chunk.subarray(from - start, to - start), from - headerOffset);
    }
    const from = Math.max(start, dataOffset);
    const to = Math.min(position, end);
    if (from < to) pending.push(chunk.subarray(from - start, to - start));
  });

  yield* pumpDecoded(input, decoder, {
    take() {
      if (!headerChecked && position >= headerEnd) {
        if (!isTarHeaderBlock(header)) {
          throw new TarFormatError(headerOffset, `no tar header at byte ${headerOffset}: the file's offsets do not belong to this layer`);
        }
        headerChecked = true;
      }
      const taken = pending;
      pending = [];
      return taken;
    },
    complete: () => headerChecked && position >= end,
    truncated: () => new TarFormatError(position, `layer tar ends at byte ${position}, before the file's bytes ${dataOffset}-${end - 1}`),
  });
}

/**
 * A sparse file's content: its stored fragments are placed by a map that
 * may sit in headers before its own (PAX) or in the blocks after it, so the
 * tar is read by the tar reader from its start, and the entry whose header
 * is at `headerOffset` is expanded with zeros in its holes.
 */
async function* sparseFileChunks(input: ReadLayerFileInput): AsyncGenerator<Uint8Array, void, undefined> {
  const { headerOffset } = input;
  const want = Math.min(input.size, input.maxBytes ?? Infinity);
  let out = 0;
  let pending: Uint8Array[] = [];
  let found = false;
  let done = want === 0;
  const tar = new TarReader({
    onEntry(header) {
      if (header.headerOffset === headerOffset) {
        if (!header.sparse) throw new TarFormatError(headerOffset, `no sparse file at byte ${headerOffset}: the file's offsets do not belong to this layer`);
        found = true;
      }
    },
    onData(chunk, header) {
      if (done || header.headerOffset !== headerOffset) return;
      const take = Math.min(chunk.byteLength, want - out);
      // Copied: the holes' zeros share one buffer, and a piece may be transferred to the page.
      pending.push(chunk.slice(0, take));
      out += take;
      if (out === want) done = true;
    },
    onEntryEnd(header) {
      if (header.headerOffset === headerOffset) done = true;
    },
  });
  const decoder = await createLayerDecoder(input.compression, (chunk) => {
    if (!done) tar.push(chunk);
  });

  yield* pumpDecoded(input, decoder, {
    take() {
      const taken = pending;
      pending = [];
      return taken;
    },
    complete: () => done,
    truncated: () => new TarFormatError(headerOffset, `layer tar ends before the sparse file at byte ${headerOffset}${found ? ' is complete' : ''}`),
  });
}

/** What a reader of one file tells the pump between the blob's chunks. */
interface FileDecoding {
  /** The file's bytes decoded since the last call (checking what must hold first). */
  take(): Uint8Array[];
  /** Whether every byte wanted has been decoded. */
  complete(): boolean;
  /** The error for a tar that ended before then. */
  truncated(): Error;
}

/**
 * Feeds the blob to `decoder` chunk by chunk, yielding the file's bytes as
 * they are decoded, until the file is complete; then stops, or with
 * `readToEnd` reads the rest without decoding it. The blob is cancelled when
 * left early (done, failed, or the consumer stopped).
 */
async function* pumpDecoded(input: ReadLayerFileInput, decoder: LayerDecoder, file: FileDecoding): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = input.blob.getReader();
  let finished = false;
  try {
    let decoding = true;
    for (;;) {
      yield* file.take();
      if (decoding && file.complete()) {
        decoding = false;
        if (!input.readToEnd) break;
      }
      if (finished) {
        if (decoding) throw file.truncated();
        break;
      }
      input.signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        // Decoders hold back their last output until the end: look again after it.
        if (decoding) decoder.end();
      } else if (decoding) {
        decoder.push(value);
      }
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
