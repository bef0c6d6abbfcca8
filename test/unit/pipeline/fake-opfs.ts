/**
 * An in-memory stand-in for an origin-private file system directory, with
 * just the calls OpfsBlobStore makes, so its temp-then-rename protocol can be
 * checked in Node. `sync` gives file handles a synchronous access handle (as
 * in a dedicated worker); `move: false` models an engine without `move`.
 */
import { concat } from '../stream/stream-helpers';

function notFound(name: string): Error {
  const err = new Error(`${name} not found`);
  err.name = 'NotFoundError';
  return err;
}

/** A directory of named byte arrays. */
export class FakeDirectory {
  readonly files = new Map<string, Uint8Array>();

  constructor(readonly options: { sync?: boolean; move?: boolean } = {}) {}

  async getFileHandle(name: string, opts: { create?: boolean } = {}): Promise<FileSystemFileHandle> {
    if (!this.files.has(name)) {
      if (!opts.create) throw notFound(name);
      this.files.set(name, new Uint8Array(0));
    }
    return new FakeFileHandle(this, name) as unknown as FileSystemFileHandle;
  }

  async removeEntry(name: string): Promise<void> {
    if (!this.files.delete(name)) throw notFound(name);
  }

  /** The directory as the store's constructor wants it. */
  asHandle(): FileSystemDirectoryHandle {
    return this as unknown as FileSystemDirectoryHandle;
  }
}

class FakeFileHandle {
  constructor(
    private readonly dir: FakeDirectory,
    private name: string,
  ) {
    if (dir.options.move === false) (this as { move?: unknown }).move = undefined;
    if (!dir.options.sync) (this as { createSyncAccessHandle?: unknown }).createSyncAccessHandle = undefined;
  }

  async getFile(): Promise<Blob> {
    const data = this.dir.files.get(this.name);
    if (!data) throw notFound(this.name);
    return new Blob([data.slice()]);
  }

  async createWritable() {
    const parts: Uint8Array[] = [];
    return {
      write: async (chunk: Uint8Array) => void parts.push(chunk.slice()),
      close: async () => void this.dir.files.set(this.name, concat(parts)),
    };
  }

  async createSyncAccessHandle() {
    let data = new Uint8Array(0);
    let closed = false;
    return {
      write: (chunk: Uint8Array, { at }: { at: number }) => {
        if (closed) throw new Error('closed');
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
      flush: () => void this.dir.files.set(this.name, data.slice()),
      // Written bytes are the file's once the handle closes, flushed or not.
      close: () => {
        closed = true;
        this.dir.files.set(this.name, data.slice());
      },
    };
  }

  async move(newName: string): Promise<void> {
    const data = this.dir.files.get(this.name);
    if (!data) throw notFound(this.name);
    this.dir.files.delete(this.name);
    this.dir.files.set(newName, data);
    this.name = newName;
  }
}
