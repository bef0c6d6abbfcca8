/**
 * The worker of the pipeline's ceiling figure (worker-ceiling.ts), bundled
 * for the browser by the bench. Three measurements:
 *  - our own decoder and sha256 over bytes already in the worker's memory, in
 *    the chunk sizes the pipeline uses: no network, no cache copy, no tar
 *    index, no messages; what one worker thread of this browser can do at
 *    best with a layer;
 *  - the two sha256 alone over the same bytes;
 *  - the whole of processLayer (hashes, decode, tar index) over the blob
 *    streamed from the bench's bare file server, copied into the tab's blob
 *    store as it passes: the page's worker without our proxy and the page
 *    around it.
 */
import { writeThrough } from '../../lib/pipeline/blob-store';
import { createFastLayerDecoder } from '../../lib/pipeline/layer-decoder';
import { OpfsBlobStore } from '../../lib/pipeline/opfs-blob-store';
import { processLayer } from '../../lib/pipeline/process-layer';
import type { Compression } from '../../lib/stream/inflate';
import { createSha256 } from '../../lib/stream/sha256';

/** What the page asks for: the blob's and the tar's URLs and digests. */
export interface CeilingJob {
  compression: Compression;
  blobUrl: string;
  tarUrl: string;
  digest: string;
  diffId: string;
  mediaType: string;
}

/** Milliseconds for the worker's decode and hashes, for the hashes alone, and for processLayer over a stream. */
export interface CeilingTimes {
  workMs: number;
  hashMs: number;
  streamMs: number;
}

// The blob is read in these pieces, as the layer worker's BYOB reader fills its buffer.
const READ_BYTES = 512 * 1024;
// The tar is hashed in the platform gzip decoder's output size when it is hashed alone.
const TAR_BYTES = 64 * 1024;

async function bytesOf(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function bodyOf(url: string): Promise<ReadableStream<Uint8Array>> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return response.body;
}

async function hashInPieces(bytes: Uint8Array, pieceBytes: number): Promise<string> {
  const sha = await createSha256();
  for (let at = 0; at < bytes.byteLength; at += pieceBytes) sha.update(bytes.subarray(at, at + pieceBytes));
  return sha.digest();
}

function check(what: string, got: string, want: string): void {
  if (got !== want) throw new Error(`${what}: got ${got}, want ${want}`);
}

async function measure(job: CeilingJob): Promise<CeilingTimes> {
  const blob = await bytesOf(job.blobUrl);
  // A plain tar is its own blob, hashed once, as the pipeline does.
  const tar = job.compression === 'none' ? blob : await bytesOf(job.tarUrl);

  let started = performance.now();
  const blobHash = await createSha256();
  const tarHash = await createSha256();
  const decoder = await createFastLayerDecoder(job.compression, (chunk) => tarHash.update(chunk));
  for (let at = 0; at < blob.byteLength; at += READ_BYTES) {
    const piece = blob.subarray(at, at + READ_BYTES);
    blobHash.update(piece);
    if (job.compression !== 'none') await decoder.push(piece);
  }
  await decoder.end();
  const workMs = performance.now() - started;
  check('blob digest', blobHash.digest(), job.digest);
  if (job.compression !== 'none') check('diff_id', tarHash.digest(), job.diffId);

  started = performance.now();
  const blobDigest = await hashInPieces(blob, READ_BYTES);
  const tarDigest = job.compression === 'none' ? job.diffId : await hashInPieces(tar, TAR_BYTES);
  const hashMs = performance.now() - started;
  check('blob digest (hash alone)', blobDigest, job.digest);
  check('diff_id (hash alone)', tarDigest, job.diffId);

  started = performance.now();
  // The copy into the tab's blob store as the bytes pass, as the app makes it; thrown away afterwards.
  const copy = await new OpfsBlobStore().writer(job.digest);
  const body = writeThrough(await bodyOf(job.blobUrl), copy);
  // With a way to read the blob again, as the app gives it: gzip then goes to the platform's decoder first.
  const result = await processLayer({ body, reread: () => bodyOf(job.blobUrl), digest: job.digest, size: blob.byteLength, mediaType: job.mediaType, diffId: job.diffId }).finally(() => copy.abort());
  const streamMs = performance.now() - started;
  if (!result.digest.ok || !result.diffId.ok) throw new Error(`processLayer: digest ${result.digest.got}, diff_id ${result.diffId.got}`);
  if (job.compression === 'gzip' && !result.platformDecoded) throw new Error('processLayer: the platform did not decode the gzip layer, as it does in the app');
  return { workMs, hashMs, streamMs };
}

self.onmessage = (event: MessageEvent<CeilingJob>) => {
  measure(event.data).then(
    (times) => self.postMessage({ times }),
    (error: unknown) => self.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
};
