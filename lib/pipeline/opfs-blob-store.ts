/**
 * A BlobStore in the origin-private file system (WHATWG File System
 * standard), shared by the page and its workers, kept across reloads.
 *
 * A blob is written to `tmp-<hex>-<random>` and renamed to `sha256-<hex>`
 * only on commit, which the pipeline calls after the digest held; a failed or
 * abandoned write deletes its temporary file. So a file under a digest's name
 * always holds the bytes that digest names. (':' is avoided in names: not
 * every platform's OPFS backing accepts it.)
 *
 * In a dedicated worker writes go through a synchronous access handle, the
 * fast path OPFS offers workers; elsewhere through a writable stream.
 *
 * A writer that never ends (a tab closed or a worker ended mid-pull) leaves
 * its temporary file behind. A worker's store removes such leftovers when it
 * first opens the folder: only files no one holds open (a writer's handle
 * locks its file, so a synchronous access handle cannot be created on it) and
 * older than STALE_TEMPORARY_MS, since a writer holds no lock between
 * creating its file and opening it.
 */
import { UnexpectedError } from '../errors';
import type { BlobStore, BlobWriter } from './blob-store';

/** The folder of the OPFS root that holds the blobs. */
export const OPFS_BLOB_FOLDER = 'blobs';

/** Names of files still being written, or left behind by a writer that never ended. */
const TEMPORARY_PREFIX = 'tmp-';

/**
 * How old an unlocked temporary file must be to be removed: far longer than
 * any writer takes between creating its file and opening it (milliseconds).
 */
export const STALE_TEMPORARY_MS = 5 * 60_000;

/** Async iteration of a directory: in every current engine, typed by TypeScript only with the DOM's async-iterable lib. */
interface ListableDirectory extends FileSystemDirectoryHandle {
  entries(): AsyncIterableIterator<[string, FileSystemHandle]>;
}

/** `move` is in the File System standard and every current engine, but not yet in TypeScript's DOM types. */
interface MovableFileHandle extends FileSystemFileHandle {
  move?(newName: string): Promise<void>;
}

interface Sink {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** The blob folder in this origin's private file system. */
export async function opfsBlobFolder(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(OPFS_BLOB_FOLDER, { create: true });
}

/** File name of a verified blob: `sha256-<hex>`. */
export function blobFileName(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  if (!algorithm || !hex || !/^[a-z0-9]+$/.test(algorithm) || !/^[a-zA-Z0-9=_-]+$/.test(hex)) {
    throw new UnexpectedError(`not a digest: ${JSON.stringify(digest)}`);
  }
  return `${algorithm}-${hex}`;
}

/** BlobStore over a directory of the origin-private file system. */
export class OpfsBlobStore implements BlobStore {
  private folder: Promise<FileSystemDirectoryHandle> | undefined;
  private sweep: Promise<string[]> | undefined;
  private readonly now: () => number;

  /** `folder` and the clock are injectable for tests; by default the `blobs` folder of the OPFS root. */
  constructor(
    private readonly openFolder: () => Promise<FileSystemDirectoryHandle> = opfsBlobFolder,
    options: { now?: () => number } = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Removes the temporary files that no writer holds and that are older than
   * STALE_TEMPORARY_MS; resolves to their names. Runs once per store, on its
   * first use of the folder; a failure leaves the files for a later store.
   */
  sweepStaleTemporaries(): Promise<string[]> {
    // A folder that cannot be opened, or a sweep that fails, leaves nothing to do: the store goes on without it.
    this.sweep ??= this.dir()
      .then((dir) => removeStaleTemporaries(dir, this.now))
      .catch(() => []);
    return this.sweep;
  }

  async has(digest: string): Promise<boolean> {
    return (await this.fileHandle(blobFileName(digest))) !== undefined;
  }

  async open(digest: string): Promise<ReadableStream<Uint8Array> | undefined> {
    const handle = await this.fileHandle(blobFileName(digest));
    if (!handle) return undefined;
    const file = await handle.getFile();
    return file.stream() as ReadableStream<Uint8Array>;
  }

  async writer(digest: string): Promise<BlobWriter> {
    const name = blobFileName(digest);
    const dir = await this.dir();
    const temporary = `${TEMPORARY_PREFIX}${name}-${randomSuffix()}`;
    const handle = (await dir.getFileHandle(temporary, { create: true })) as MovableFileHandle;
    let sink: Sink;
    try {
      sink = await openSink(handle);
    } catch (err) {
      await dir.removeEntry(temporary).catch(() => {});
      throw new UnexpectedError(`could not open a cache file for ${digest}`, err);
    }
    let state: 'open' | 'closing' | 'committed' | 'aborted' = 'open';
    const discard = async () => {
      await sink.close().catch(() => {});
      await dir.removeEntry(temporary).catch(() => {});
    };
    return {
      write: async (chunk) => {
        if (state !== 'open') throw new UnexpectedError(`blob writer for ${digest} used after ${state}`);
        await sink.write(chunk);
      },
      commit: async () => {
        if (state !== 'open') throw new UnexpectedError(`blob writer for ${digest} committed after ${state}`);
        state = 'closing';
        try {
          await sink.close();
          await publish(dir, handle, temporary, name);
          state = 'committed';
        } catch (err) {
          state = 'aborted';
          await dir.removeEntry(temporary).catch(() => {});
          throw new UnexpectedError(`could not store ${digest} in the cache`, err);
        }
      },
      abort: async () => {
        if (state !== 'open') return;
        state = 'aborted';
        await discard();
      },
    };
  }

  async delete(digest: string): Promise<void> {
    const dir = await this.dir();
    await dir.removeEntry(blobFileName(digest)).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }

  private dir(): Promise<FileSystemDirectoryHandle> {
    if (!this.folder) {
      this.folder = this.openFolder();
      void this.sweepStaleTemporaries();
    }
    return this.folder;
  }

  private async fileHandle(name: string): Promise<FileSystemFileHandle | undefined> {
    const dir = await this.dir();
    try {
      return await dir.getFileHandle(name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}

/** See sweepStaleTemporaries. */
async function removeStaleTemporaries(dir: FileSystemDirectoryHandle, now: () => number): Promise<string[]> {
  const candidates: FileSystemFileHandle[] = [];
  for await (const [name, handle] of (dir as ListableDirectory).entries()) {
    if (name.startsWith(TEMPORARY_PREFIX) && handle.kind === 'file') candidates.push(handle as FileSystemFileHandle);
  }
  const removed: string[] = [];
  for (const handle of candidates) {
    // Only a dedicated worker can test a file's lock; the page leaves the sweep to the workers.
    if (typeof handle.createSyncAccessHandle !== 'function') return removed;
    const file = await handle.getFile().catch(() => undefined);
    if (!file || now() - file.lastModified < STALE_TEMPORARY_MS) continue;
    let access: FileSystemSyncAccessHandle;
    try {
      access = await handle.createSyncAccessHandle();
    } catch {
      continue; // Held open by a writer (NoModificationAllowedError), or gone meanwhile.
    }
    access.close();
    if (await dir.removeEntry(handle.name).then(() => true, () => false)) removed.push(handle.name);
  }
  return removed;
}

/** Renames the finished temporary file to its digest's name. */
async function publish(dir: FileSystemDirectoryHandle, handle: MovableFileHandle, temporary: string, name: string) {
  // The same digest cached by another writer meanwhile: same bytes, keep theirs.
  const existing = await dir.getFileHandle(name).catch(() => undefined);
  if (existing || typeof handle.move !== 'function') {
    // Without an atomic rename a reader could see a half-copied file under the
    // digest's name; such an engine simply does not get this blob cached.
    await dir.removeEntry(temporary);
    return;
  }
  await handle.move(name);
}

async function openSink(handle: FileSystemFileHandle): Promise<Sink> {
  // Only dedicated workers have synchronous access handles; the page falls back to a writable stream.
  if (typeof handle.createSyncAccessHandle === 'function') {
    try {
      const access = await handle.createSyncAccessHandle();
      let at = 0;
      return {
        async write(chunk) {
          let done = 0;
          while (done < chunk.byteLength) {
            const wrote = access.write(chunk.subarray(done), { at: at + done });
            if (wrote <= 0) throw new UnexpectedError('the cache file accepted no bytes (storage full?)');
            done += wrote;
          }
          at += done;
        },
        async close() {
          // No flush(): it is an fsync (~110 ms for 54 MB here), on the path to the layer's result. A cache
          // needs no durability: a copy cut short by a crash fails its digest when read and is fetched again.
          access.close();
        },
      };
    } catch {
      // Not in a dedicated worker: use the stream below.
    }
  }
  const writable = await handle.createWritable();
  return {
    write: (chunk) => writable.write(chunk as Uint8Array<ArrayBuffer>),
    close: () => writable.close(),
  };
}

function isNotFound(err: unknown): boolean {
  return (err as { name?: unknown } | null)?.name === 'NotFoundError';
}

function randomSuffix(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
