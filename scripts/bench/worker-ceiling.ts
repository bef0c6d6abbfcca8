/**
 * The pipeline's ceiling on this machine, a diagnostic for figure 1: our own
 * decoder and sha256 (ceiling-worker.ts) in one worker thread of the same
 * Chromium, over the same layer's bytes already in memory. The page's figure
 * cannot beat it with one thread per layer. Then processLayer over the blob
 * streamed from this module's bare file server, with the cache copy: what is
 * left between that and the page is our proxy and the page around the worker. The
 * worker checks both digests each time, so no pass can skip work.
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { launchFreshProfile } from '../../test/support/browser';
import type { CeilingJob, CeilingTimes } from './ceiling-worker';
import type { LayerCompression, LayerInput } from './layer-inputs';
import { repoRoot } from './paths';

const MEDIA_TYPES: Record<LayerCompression, string> = {
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  none: 'application/vnd.oci.image.layer.v1.tar',
};

const PAGE = `<!doctype html><meta charset="utf-8"><title>ceiling</title><script>
window.runCeiling = (job) => new Promise((resolve) => {
  const worker = new Worker('/ceiling-worker.js');
  worker.onmessage = (event) => { worker.terminate(); resolve(event.data); };
  worker.onerror = (event) => { worker.terminate(); resolve({ error: event.message || 'the worker failed to start' }); };
  worker.postMessage(job);
});
</script>`;

async function bundleWorker(): Promise<Uint8Array> {
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: [path.join(repoRoot, 'scripts/bench/ceiling-worker.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].contents;
}

/** Times, per compression and run, of the worker's decode + hashes and of its hashes alone. */
export type CeilingFigures = Partial<Record<LayerCompression, CeilingTimes[]>>;

/** Runs the ceiling worker `runs` times for each of `compressions` on `layer`'s blobs, in one fresh profile. */
export async function measureWorkerCeiling(layer: LayerInput, compressions: readonly LayerCompression[], runs: number): Promise<CeilingFigures> {
  const worker = await bundleWorker();
  const files: Record<string, string> = { '/tar': layer.blobs.none.path };
  for (const compression of compressions) files[`/blob/${compression}`] = layer.blobs[compression].path;
  const server = http.createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (file) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': fs.statSync(file).size });
      fs.createReadStream(file).pipe(res);
    } else if (req.url === '/ceiling-worker.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(worker);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const profile = await launchFreshProfile();
  try {
    const page = profile.context.pages()[0] ?? (await profile.context.newPage());
    await page.goto(`${origin}/`);
    const figures: CeilingFigures = {};
    for (let i = 0; i < runs; i++) {
      for (const compression of compressions) {
        const job: CeilingJob = {
          compression,
          blobUrl: `/blob/${compression}`,
          tarUrl: '/tar',
          digest: layer.blobs[compression].digest,
          diffId: layer.diffId,
          mediaType: MEDIA_TYPES[compression],
        };
        const answer = await page.evaluate((j) => (window as unknown as { runCeiling(j: CeilingJob): Promise<{ times?: CeilingTimes; error?: string }> }).runCeiling(j), job);
        if (!answer.times) throw new Error(`ceiling worker, ${compression}: ${answer.error ?? 'no answer'}`);
        (figures[compression] ??= []).push(answer.times);
      }
    }
    return figures;
  } finally {
    await profile.close();
    server.close();
  }
}
