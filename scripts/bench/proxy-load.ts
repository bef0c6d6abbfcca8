/**
 * The load figure: many clients downloading blobs through the proxy at once
 * for a fixed time. Every response is hashed and compared with its digest,
 * so a fast wrong answer counts as an error, never as throughput. Bounded in
 * count and time, on loopback only.
 */
import { createHash } from 'node:crypto';
import { residentBytes, samplePeaks } from './process-memory';

/** What the load run saw. */
export interface LoadFigures {
  clients: number;
  seconds: number;
  requests: number;
  errors: number;
  /** The first few error messages, for the report. */
  errorSamples: string[];
  bytes: number;
  rssBeforeBytes: number;
  rssPeakBytes: number;
}

/** Runs `clients` loops of GET blob-through-proxy + sha256 check until `seconds` have passed. */
export async function runProxyLoad(
  appUrl: string,
  serverPid: number,
  host: string,
  blobs: Array<{ repository: string; digest: string }>,
  clients: number,
  seconds: number,
): Promise<LoadFigures> {
  const rssBeforeBytes = residentBytes(serverPid);
  const sampler = samplePeaks(() => ({ rss: residentBytes(serverPid) }), 100);
  const deadline = Date.now() + seconds * 1000;
  const figures = { requests: 0, errors: 0, bytes: 0, errorSamples: [] as string[] };
  const fail = (message: string) => {
    figures.errors++;
    if (figures.errorSamples.length < 5) figures.errorSamples.push(message);
  };

  const client = async (n: number) => {
    for (let i = n; Date.now() < deadline; i++) {
      const { repository, digest } = blobs[i % blobs.length];
      const url = `${appUrl}/api/registry/${host}/v2/${repository}/blobs/${digest}`;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
        if (!response.ok || !response.body) {
          fail(`GET ${url}: HTTP ${response.status}`);
          await response.body?.cancel();
          continue;
        }
        const hash = createHash('sha256');
        let bytes = 0;
        const reader = response.body.getReader();
        for (let r = await reader.read(); !r.done; r = await reader.read()) {
          hash.update(r.value);
          bytes += r.value.byteLength;
        }
        const got = `sha256:${hash.digest('hex')}`;
        figures.requests++;
        figures.bytes += bytes;
        if (got !== digest) fail(`GET ${url}: got ${got}, want ${digest}`);
      } catch (error) {
        fail(`GET ${url}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, n) => client(n)));
  const { rss: rssPeakBytes } = sampler.stop();
  return { clients, seconds, ...figures, rssBeforeBytes, rssPeakBytes };
}

/** The load figure as a markdown section (also printed). */
export function loadSection(load: LoadFigures): string {
  const mb = load.bytes / 1e6;
  return [
    '## Load: concurrent blob downloads through the proxy',
    '',
    `${load.clients} clients for ${load.seconds} s, each response hashed and checked against its digest.`,
    '',
    '| Requests | Errors | Throughput | Server RSS before | Server RSS peak | Growth |',
    '| --- | --- | --- | --- | --- | --- |',
    `| ${load.requests} | ${load.errors} | ${(mb / load.seconds).toFixed(1)} MB/s | ${mib(load.rssBeforeBytes)} | ${mib(load.rssPeakBytes)} | ${mib(load.rssPeakBytes - load.rssBeforeBytes)} |`,
    '',
    ...(load.errorSamples.length ? ['Errors seen:', '', ...load.errorSamples.map((e) => `- ${e}`), ''] : []),
  ].join('\n');
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
