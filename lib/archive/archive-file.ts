/**
 * A file of an archive layout (an OCI image layout, a docker-archive) before
 * it is packed: its path, its exact size (known up front, so zip and tar
 * headers and progress totals need no buffering), and its bytes, opened
 * only when the packer reaches it.
 */

/** One file to pack. */
export interface ArchiveFile {
  /** Path inside the archive, relative, "/"-separated ("blobs/sha256/…"). */
  path: string;
  /** Exact length of the bytes `stream()` delivers. */
  size: number;
  /** The digest naming these bytes, for blobs. */
  digest?: string;
  /** Opens the bytes; called once, when the packer reaches this file. */
  stream(): ReadableStream<Uint8Array> | Promise<ReadableStream<Uint8Array>>;
}

/** An ArchiveFile holding bytes already in memory (small documents). */
export function bytesFile(path: string, bytes: Uint8Array, digest?: string): ArchiveFile {
  const file: ArchiveFile = {
    path,
    size: bytes.length,
    stream: () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          if (bytes.length > 0) controller.enqueue(bytes);
          controller.close();
        },
      }),
  };
  if (digest !== undefined) file.digest = digest;
  return file;
}
