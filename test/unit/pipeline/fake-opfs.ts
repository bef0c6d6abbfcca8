/**
 * An in-memory stand-in for an origin-private file system directory, with
 * just the calls OpfsBlobStore makes, so its temp-then-rename protocol can be
 * checked in Node. `sync` gives file handles a synchronous access handle (as
 * in a dedicated worker); `move: false` models an engine without `move`.
 * As in a browser, an open writer (writable stream or synchronous access
 * handle) locks its file: another synchronous access handle on it, or its
 * removal, fails with NoModificationAllowedError. Files carry the time they
 * were last written, read from `now`.
 */
import { concat } from '../stream/stream-helpers';

function notFound(name: string): Error {
  const err = new Error(`${name} not found`);
  err.name = 'NotFoundError';
  return err;
}

function locked(name: string): Error {
  const err = new Error(`${name} is held open by another handle`);
  err.name = 'NoModificationAllowedError';
  return err;
}

/** A directory of named byte arrays. */
export class FakeDirectory {
  readonly files = new Map<string, Uint8Array>();
  /** When each file was last written, by `now`. */
  readonly modified = new Map<string, number>();
  /** Files an open writer holds. */
  readonly locked = new Set<string>();
  now: () => number;

  constructor(readonly options: { sync?: boolean; move?: boolean; now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
  }

  async getFileHandle(name: string, opts: { create?: boolean } = {}): Promise<FileSystemFileHandle> {
    if (!this.files.has(name)) {
      if (!opts.create) throw notFound(name);
      this.store(name, new Uint8Array(0));
    }
    return new FakeFileHandle(this, name) as unknown as FileSystemFileHandle;
  }

  async removeEntry(name: string): Promise<void> {
    if (this.locked.has(name)) throw locked(name);
    if (!this.files.delete(name)) throw notFound(name);
    this.modified.delete(name);
  }

  async *entries(): AsyncIterableIterator<[string, FileSystemFileHandle]> {
    for (const name of [...this.files.keys()]) yield [name, new FakeFileHandle(this, name) as unknown as FileSystemFileHandle];
  }

  /** Sets a file's bytes, written now. */
  store(name: string, data: Uint8Array): void {
    this.files.set(name, data);
    this.modified.set(name, this.now());
  }

  /** Takes a file's lock for a writer; throws as a browser does when another writer holds it. */
  lock(name: string): void {
    if (this.locked.has(name)) throw locked(name);
    this.locked.add(name);
  }

  /** The directory as the store's constructor wants it. */
  asHandle(): FileSystemDirectoryHandle {
    return this as unknown as FileSystemDirectoryHandle;
  }
}

class FakeFileHandle {
  readonly kind = 'file';

  constructor(
    private readonly dir: FakeDirectory,
    public name: string,
  ) {
    if (dir.options.move === false) (this as { move?: unknown }).move = undefined;
    if (!dir.options.sync) (this as { createSyncAccessHandle?: unknown }).createSyncAccessHandle = undefined;
  }

  async getFile(): Promise<Blob> {
    const data = this.dir.files.get(this.name);
    if (!data) throw notFound(this.name);
    return new File([data.slice()], this.name, { lastModified: this.dir.modified.get(this.name) });
  }

  async createWritable() {
    this.dir.lock(this.name);
    const parts: Uint8Array[] = [];
    return {
      write: async (chunk: Uint8Array) => void parts.push(chunk.slice()),
      close: async () => {
        this.dir.locked.delete(this.name);
        this.dir.store(this.name, concat(parts));
      },
    };
  }

  async createSyncAccessHandle() {
    this.dir.lock(this.name);
    let data = (this.dir.files.get(this.name) ?? new Uint8Array(0)).slice();
    let written = false;
    let closed = false;
    return {
      write: (chunk: Uint8Array, { at }: { at: number }) => {
        if (closed) throw new Error('closed');
        written = true;
        // Write at most 1000 bytes per call, as a real handle may write less than asked.
        const n = Math.min(chunk.byteLength, 1000);
        if (at + n > data.length) {
          const grown = new Uint8Array(at + n);
          grown.set(data);
          data = grown;
        }
        data.set(chunk.subarray(0, n), at);
        return n;
      },
      flush: () => this.dir.store(this.name, data.slice()),
      // Written bytes are the file's once the handle closes, flushed or not.
      close: () => {
        if (closed) return;
        closed = true;
        this.dir.locked.delete(this.name);
        if (written) this.dir.store(this.name, data.slice());
      },
    };
  }

  async move(newName: string): Promise<void> {
    const data = this.dir.files.get(this.name);
    if (!data) throw notFound(this.name);
    if (this.dir.locked.has(this.name)) throw locked(this.name);
    const modified = this.dir.modified.get(this.name);
    this.dir.files.delete(this.name);
    this.dir.modified.delete(this.name);
    this.dir.files.set(newName, data);
    this.dir.modified.set(newName, modified ?? this.dir.now());
    this.name = newName;
  }
}
