/**
 * The reference Zstandard decoder (facebook/zstd's decompressor) compiled to
 * WebAssembly, as the zstddec package ships it: it decodes about 3x as fast
 * as fzstd, the JavaScript port this project used before.
 *
 * zstddec keeps its instance to itself, shared by every caller and never
 * freed; WebAssembly memory only grows, so a frame with a large window would
 * keep that memory for the life of the worker. We take only the compiled
 * module from it (its `_init` receives `WebAssembly.instantiate`'s result)
 * and make an instance per stream, so a stream's window goes with its
 * instance. The version is pinned in package.json for that reason.
 */
import { ZSTDDecoder } from 'zstddec/stream';

/** The decoder's exports this project calls (zstd.h, streaming decompression). */
export interface ZstdExports {
  memory: WebAssembly.Memory;
  ZSTD_createDCtx(): number;
  /** Returns 0 when a frame is complete, a hint of the input it wants next, or an error code (see zstdErrorCode). */
  ZSTD_decompressStream(dctx: number, output: number, input: number): number;
  malloc(size: number): number;
  free(pointer: number): void;
}

let compiled: Promise<WebAssembly.Module> | undefined;

/** Compiles the decoder, once per thread. */
export function loadZstdModule(): Promise<WebAssembly.Module> {
  compiled ??= new Promise<WebAssembly.Module>((resolve, reject) => {
    class ModuleCapture extends ZSTDDecoder {
      override _init(result: WebAssembly.WebAssemblyInstantiatedSource): void {
        resolve(result.module);
      }
    }
    new ModuleCapture().init().catch(reject);
  }).catch((err: unknown) => {
    compiled = undefined; // a later layer may try again
    throw err;
  });
  return compiled;
}

/** A fresh instance of the decoder, with its own memory. */
export function instantiateZstd(module: WebAssembly.Module): ZstdExports {
  // The only import: emscripten's notice that memory grew, after which views of the old buffer are detached.
  const instance = new WebAssembly.Instance(module, { env: { emscripten_notify_memory_growth: () => {} } });
  return instance.exports as unknown as ZstdExports;
}

/**
 * The zstd error code in a size_t result, or 0 when it is not one
 * (ZSTD_isError: results above (size_t)-ZSTD_error_maxCode, with maxCode 120).
 * On wasm32 a size_t comes back as a signed 32-bit number.
 */
export function zstdErrorCode(result: number): number {
  return result < 0 && result >= -120 ? -result : 0;
}

/** What a zstd error code means (zstd_errors.h, whose numbers are stable). */
export function zstdErrorText(code: number): string {
  switch (code) {
    case 10:
      return 'not a zstd frame (unknown magic number)';
    case 12:
      return 'unsupported zstd format version';
    case 14:
      return 'unsupported frame parameter';
    case 16:
      return 'the frame needs a window larger than 128 MiB';
    case 20:
      return 'corrupted data';
    case 22:
      return 'frame checksum does not match its content';
    case 24:
      return 'corrupted literals header';
    case 32:
      return 'the frame needs a dictionary';
    case 44:
      return 'corrupted entropy table (table log too large)';
    case 46:
    case 48:
      return 'corrupted entropy table';
    case 64:
      return 'out of memory';
    default:
      return `invalid zstd data (zstd error ${code})`;
  }
}
