/**
 * Zips archive files as a stream, by client-zip (2.x): a maintained,
 * dependency-free writer on Web Streams that stores entries uncompressed
 * (layers are compressed already) and switches to Zip64 records (APPNOTE
 * 6.3.x, 4.3.9 and 4.5.3: 8-byte sizes in the data descriptor, a Zip64
 * extra field in the central directory, the Zip64 end records) as soon as an
 * entry or an offset reaches 4 GiB, as large CUDA and ML images need.
 *
 * Sizes are declared up front so `zipLength` can give the exact archive
 * length (progress, Content-Length); each entry's bytes are counted as they
 * pass and must match, or the zip errors. Timestamps are fixed (DOS time has
 * no zone; client-zip writes local time): the same files give the same zip.
 */
import { makeZip, predictLength } from 'client-zip';
import { SizeMismatchError } from '../stream/errors';
import type { ArchiveFile } from './archive-file';

/** Options of `zipStream`. */
export interface ZipOptions {
  /** Modification time of every entry; default 1980-01-01 00:00 (the DOS epoch), local time. */
  lastModified?: Date;
}

/** POSIX mode written into each entry's external attributes. */
const FILE_MODE = 0o644;

/** Streams a zip of these files, in order. */
export function zipStream(files: AsyncIterable<ArchiveFile> | Iterable<ArchiveFile>, options: ZipOptions = {}): ReadableStream<Uint8Array> {
  const lastModified = options.lastModified ?? new Date(1980, 0, 1);
  async function* inputs() {
    for await (const file of files) {
      const input = (await file.stream()).pipeThrough(exactLength(file));
      yield { name: file.path, size: file.size, lastModified, mode: FILE_MODE, input };
    }
  }
  return makeZip(inputs(), { buffersAreUTF8: true });
}

/** The exact length of the zip `zipStream` writes for files of these paths and sizes (Zip64 records included). */
export function zipLength(files: Iterable<Pick<ArchiveFile, 'path' | 'size'>>): number {
  return Number(predictLength(Array.from(files, (f) => ({ name: f.path, size: f.size }))));
}

function exactLength(file: ArchiveFile): TransformStream<Uint8Array, Uint8Array> {
  let bytes = 0;
  const subject = `zip entry ${file.path}`;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      bytes += chunk.length;
      if (bytes > file.size) throw new SizeMismatchError(subject, file.size, bytes, false);
      controller.enqueue(chunk);
    },
    flush() {
      if (bytes !== file.size) throw new SizeMismatchError(subject, file.size, bytes, true);
    },
  });
}
