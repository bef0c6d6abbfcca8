/**
 * A streaming tar writer: entries (and their content streams) in, tar bytes
 * out, pulled by the consumer one chunk at a time, so a multi-GiB archive
 * never sits in memory. Headers come from tar-encode.ts (ustar + PAX).
 *
 * Why our own: the maintained tar writers on npm either need Node streams
 * and Buffer (tar-stream), build the whole archive in memory (nanotar,
 * @gera2ld/tarjs), or, for the one Web Streams writer (modern-tar 0.8),
 * write no device numbers and default mtime to the current time. A writer
 * is a few hundred lines that GNU tar and Python's tarfile check in the tests.
 *
 * A file's content must have exactly the declared `size` bytes: its header
 * is already out when the content streams, so a short or long stream errors
 * the archive rather than leaving one that lies.
 */
import { TarWriteError } from './errors';
import { type ByteSource, chunksOf, streamFromGenerator } from './generator-stream';
import { type TarWriterEntry, encodeTarHeader, paddingLength, tarEndMarker } from './tar-encode';

export type { TarWriterEntry, TarWriterEntryType } from './tar-encode';
export { encodeTarHeader, tarLength } from './tar-encode';

/** One member of an archive: its header fields and, for a regular file, its content. */
export interface TarInput {
  entry: TarWriterEntry;
  /** Content of a regular file; its length must equal `entry.size` (for bytes, `size` may be left out). */
  content?: ByteSource;
}

/** Streams a tar archive of these entries, in the order given; errors with TarWriteError. */
export function tarStream(inputs: AsyncIterable<TarInput> | Iterable<TarInput>): ReadableStream<Uint8Array> {
  return streamFromGenerator(tarChunks(inputs));
}

/** The chunks of the archive; exposed for writers that splice a tar into something larger. */
export async function* tarChunks(inputs: AsyncIterable<TarInput> | Iterable<TarInput>): AsyncGenerator<Uint8Array, void, undefined> {
  for await (const input of inputs) {
    const entry = withSize(input);
    yield encodeTarHeader(entry);
    if (entry.type !== 'file') continue;
    const size = entry.size ?? 0;
    let written = 0;
    if (input.content !== undefined) {
      for await (const chunk of chunksOf(input.content)) {
        written += chunk.length;
        if (written > size) throw new TarWriteError(entry.path, `content is longer than the ${size} bytes declared`);
        yield chunk;
      }
    }
    if (written !== size) throw new TarWriteError(entry.path, `content ended after ${written} of the ${size} bytes declared`);
    const pad = paddingLength(size);
    if (pad > 0) yield new Uint8Array(pad);
  }
  yield tarEndMarker();
}

function withSize(input: TarInput): TarWriterEntry {
  const { entry, content } = input;
  if (entry.type !== 'file') {
    if (content !== undefined) throw new TarWriteError(entry.path, `a ${entry.type} carries no content`);
    return entry;
  }
  if (entry.size === undefined && content instanceof Uint8Array) return { ...entry, size: content.length };
  if (entry.size === undefined && content !== undefined) throw new TarWriteError(entry.path, 'a streamed file needs its size up front');
  return entry;
}
