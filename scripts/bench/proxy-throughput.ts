/**
 * Figure 2: one blob fetched by curl directly from the registry and through
 * our proxy route, interleaved, and the proxy server's resident memory
 * before, at peak and after, and the server's CPU per thread over the
 * proxied fetches. The proxy's copy is checked against the digest
 * once, outside the timed runs.
 */
import { execFile } from 'node:child_process';
import { curlGet } from './curl';
import type { LayerBlob } from './layer-inputs';
import { residentBytes, samplePeaks } from './process-memory';
import { threadCpu } from './thread-cpu';

/** Timings of both paths and the server's memory. */
export interface ProxyFigures {
  directMs: number[];
  proxyMs: number[];
  bytes: number;
  rssBeforeBytes: number;
  rssPeakBytes: number;
  rssAfterBytes: number;
  /** The server's CPU over the timed proxied fetches, in seconds: its main thread's and its other threads'. */
  proxyCpu: { main: number; others: number };
}

/** Fetches `blob` of `host/repository` `runs` times each way. */
export async function measureProxy(appUrl: string, serverPid: number, host: string, repository: string, blob: LayerBlob, runs: number): Promise<ProxyFigures> {
  const direct = `http://${host}/v2/${repository}/blobs/${blob.digest}`;
  const proxied = `${appUrl}/api/registry/${host}/v2/${repository}/blobs/${blob.digest}`;

  // Before any of this blob's bytes pass through the server.
  const rssBeforeBytes = residentBytes(serverPid);
  const sampler = samplePeaks(() => ({ rss: residentBytes(serverPid) }), 50);
  const got = await new Promise<string>((resolve, reject) =>
    execFile('bash', ['-c', 'set -o pipefail; curl -sSf "$1" | sha256sum', 'bench', proxied], (error, stdout) =>
      error ? reject(error) : resolve(`sha256:${stdout.split(' ')[0]}`),
    ),
  );
  if (got !== blob.digest) throw new Error(`the proxy's copy of ${blob.digest} hashes to ${got}`);

  const directMs: number[] = [];
  const proxyMs: number[] = [];
  const proxyCpu = { main: 0, others: 0 };
  for (let i = 0; i < runs; i++) {
    for (const [url, into] of [
      [direct, directMs],
      [proxied, proxyMs],
    ] as const) {
      const cpuBefore = threadCpu(serverPid);
      const timing = await curlGet(url, '/dev/null');
      if (into === proxyMs) {
        const cpuAfter = threadCpu(serverPid);
        proxyCpu.main += cpuAfter.main - cpuBefore.main;
        proxyCpu.others += cpuAfter.others - cpuBefore.others;
      }
      if (timing.status !== 200 || timing.bytes !== blob.size) {
        throw new Error(`GET ${url}: HTTP ${timing.status}, ${timing.bytes} bytes, want 200 and ${blob.size}`);
      }
      into.push(timing.ms);
    }
  }
  const { rss: rssPeakBytes } = sampler.stop();
  return { directMs, proxyMs, bytes: blob.size, rssBeforeBytes, rssPeakBytes, rssAfterBytes: residentBytes(serverPid), proxyCpu };
}
