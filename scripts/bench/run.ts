/**
 * `npm run bench [-- --quick] [-- --runs N] [-- --build]`: measures how fast
 * a person sees a verified image and its layers, and what memory that costs,
 * each figure against a baseline measured in the same run on the same bytes.
 *
 * It makes its inputs (bench/out/, git-ignored), starts its own registries
 * and the production server (building it when there is no build, or with
 * --build), drives headless Chromium through the real page, prints a table,
 * writes bench/results.md and stops everything it started. A slow figure
 * never fails the run; only a broken one (a wrong digest, a dead server)
 * makes the exit status non-zero.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromiumVersion } from '../../test/support/browser';
import { killChildrenNow } from '../test-bed/children';
import { startAppServer, type AppServer } from './app-server';
import { startBenchRegistries, type BenchRegistries } from './bench-registries';
import { timeBareCurl, timeFirstView } from './first-view';
import { pushOneLayerImage } from './image-push';
import { pushManyLayerImage, type ManyLayerImage } from './many-layer-image';
import { prepareBlob, prepareLayer, type LayerBlob, type LayerCompression, type LayerInput } from './layer-inputs';
import { nodeNativeMs, shellNativeMs, warmPageCache } from './native-baseline';
import { parseOptions, type FigureName } from './options';
import { timeLayerInPage, timeLayerPull, type PageLayerRun, type PageLayerTiming } from './page-pipeline';
import { COMPRESSIONS, sections, tableRows, type Measured, type MemoryPoint } from './summary';
import { changesPath, inputsDir, logsDir, outDir, registryDir, repoRoot, resultsPath } from './paths';
import { measureProxy } from './proxy-throughput';
import { loadSection, runProxyLoad } from './proxy-load';
import { cpuModel, markdownReport, textTable } from './report';
import { checkSamePaths, copyToLayout, timeRootfsInPage, timeUmociRootfs, type RootfsRun } from './rootfs-download';
import { measureWorkerCeiling } from './worker-ceiling';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const TAGS: Record<LayerCompression, string> = { gzip: 'gzip', zstd: 'zstd', none: 'plain' };
const REPOSITORY = 'bench/layer';
const PROXY_REPOSITORY = 'bench/blob';

/** The tag of a memory-figure layer: `mem-<MiB>`. */
function memoryTag(layer: LayerInput): string {
  return `mem-${Math.round(layer.uncompressedBytes / 2 ** 20)}`;
}

const cleanups: Array<() => Promise<void>> = [];
let appServer: AppServer | undefined;

async function cleanUp(): Promise<void> {
  while (cleanups.length > 0) {
    await cleanups
      .pop()!()
      .catch((error) => log(`while stopping: ${String(error)}`));
  }
}

/** Runs one figure; a failure is recorded, reported and makes the exit status 1, but the other figures still run. */
async function figure<T>(name: string, measure: () => Promise<T>): Promise<T | Error> {
  log(`measuring: ${name}`);
  try {
    return await measure();
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    log(`${name} broke: ${err.stack ?? err.message}`);
    process.exitCode = 1;
    return err;
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rebuild = args.includes('--build');
  const options = parseOptions(args.filter((a) => a !== '--build'));
  const started = Date.now();
  fs.mkdirSync(logsDir, { recursive: true });

  log(`making the inputs in ${path.relative(repoRoot, inputsDir)}/`);
  const large = await prepareLayer(inputsDir, { name: `layer-${options.largeLayerBytes / 2 ** 20}MiB`, bytes: options.largeLayerBytes, randomShare: 0.15 }, log);
  const small = await prepareLayer(inputsDir, { name: `layer-${options.smallLayerBytes / 2 ** 20}MiB`, bytes: options.smallLayerBytes, randomShare: 0.15 }, log);
  const tiny = await prepareLayer(inputsDir, { name: 'layer-tiny', bytes: 256 * 1024, randomShare: 0 }, log);
  const memoryLayers: LayerInput[] = [];
  if (options.only.has('memory')) {
    for (const bytes of options.memoryLayerBytes) {
      memoryLayers.push(await prepareLayer(inputsDir, { name: `layer-${bytes / 2 ** 20}MiB`, bytes, randomShare: 0.15 }, log));
    }
  }
  const proxyBlob: LayerBlob | undefined = options.only.has('proxy')
    ? await prepareBlob(inputsDir, { name: `blob-${options.proxyBlobBytes / 2 ** 20}MiB`, bytes: options.proxyBlobBytes }, log)
    : undefined;

  log('starting the bench registries');
  const registries: BenchRegistries = await startBenchRegistries(registryDir, logsDir);
  cleanups.push(registries.stop);
  const host = registries.anonymousHost;
  for (const compression of COMPRESSIONS) await pushOneLayerImage(host, REPOSITORY, TAGS[compression], large.blobs[compression], large.diffId);
  await pushOneLayerImage(host, REPOSITORY, 'small', small.blobs.gzip, small.diffId);
  await pushOneLayerImage(host, 'bench/tiny', 'v1', tiny.blobs.gzip, tiny.diffId);
  for (const layer of memoryLayers) await pushOneLayerImage(host, REPOSITORY, memoryTag(layer), layer.blobs.gzip, layer.diffId);
  const many: ManyLayerImage | undefined = options.only.has('rootfs') ? await pushManyLayerImage(host, 'bench/many', 'v1') : undefined;
  if (proxyBlob) await pushOneLayerImage(host, PROXY_REPOSITORY, 'v1', proxyBlob, proxyBlob.digest);
  log(`images pushed to ${host}`);

  log('starting the production server');
  appServer = await startAppServer(repoRoot, path.join(logsDir, 'app.log'), rebuild, log);
  const app = appServer;
  cleanups.push(async () => {
    await app.stop();
    appServer = undefined;
  });

  // Not counted: the server loads its routes and the token cache fills once, as on any running server.
  await timeLayerInPage(app.url, `${host}/bench/tiny:v1`, tiny.blobs.gzip.digest);
  await timeFirstView(app.url, `${registries.tokenHost}/bench/tiny:v1`);

  const measured: Measured = { pipeline: {} };
  const wanted = (name: FigureName) => options.only.has(name);
  for (const compression of wanted('pipeline') ? COMPRESSIONS : []) {
    const blob = large.blobs[compression];
    measured.pipeline[compression] = await figure(`layer pipeline, ${compression}`, async () => {
      await warmPageCache(blob.path);
      const result = { page: [] as PageLayerTiming[], node: [] as number[], shell: [] as number[] };
      for (let i = 0; i < options.runs; i++) {
        result.node.push(await nodeNativeMs(blob, large.diffId));
        result.shell.push(await shellNativeMs(blob, large.diffId));
        result.page.push(await timeLayerPull(app.url, `${host}/${REPOSITORY}:${TAGS[compression]}`, blob.digest));
        log(`  ${compression} run ${i + 1}: page ${result.page[i].ms.toFixed(0)} ms, node ${result.node[i].toFixed(0)} ms, shell ${result.shell[i].toFixed(0)} ms`);
      }
      return result;
    });
  }
  if (wanted('pipeline')) {
    measured.ceiling = await figure('layer pipeline ceiling, one worker thread over bytes in memory', async () => {
      const ceiling = await measureWorkerCeiling(large, COMPRESSIONS, options.runs);
      for (const compression of COMPRESSIONS) {
        const runs = ceiling[compression] ?? [];
        log(`  ceiling ${compression}: ${runs.map((r) => `decode + hashes ${r.workMs.toFixed(0)} ms, hashes ${r.hashMs.toFixed(0)} ms, streamed ${r.streamMs.toFixed(0)} ms`).join('; ')}`);
      }
      return ceiling;
    });
  }
  if (wanted('memory')) measured.memory = await figure('memory, gzip layers of growing size', async () => {
    const series: MemoryPoint[] = [];
    for (const layer of memoryLayers) {
      const runs: PageLayerRun[] = [];
      for (let i = 0; i < options.runs; i++) {
        runs.push(await timeLayerInPage(app.url, `${host}/${REPOSITORY}:${memoryTag(layer)}`, layer.blobs.gzip.digest));
        log(`  memory ${layer.name} run ${i + 1}: tab peak ${(runs[i].peakTabBytes / 2 ** 20).toFixed(0)} MiB (idle ${(runs[i].idleTabBytes / 2 ** 20).toFixed(0)} MiB), all renderers ${(runs[i].peakRendererBytes / 2 ** 20).toFixed(0)} MiB, ${runs[i].ms.toFixed(0)} ms`);
      }
      series.push({ layer, runs });
    }
    return series;
  });
  if (proxyBlob) measured.proxy = await figure('proxy throughput', () => measureProxy(app.url, app.pid, host, PROXY_REPOSITORY, proxyBlob, options.runs));
  if (wanted('first-view')) measured.firstView = await figure('time to first view', async () => {
    const cold: number[] = [];
    const warm: number[] = [];
    const coldVerified: number[] = [];
    const warmVerified: number[] = [];
    const bareMs: number[] = [];
    const target = { host: registries.tokenHost, realm: registries.realm, service: registries.service, repository: 'bench/tiny', tag: 'v1' };
    for (let i = 0; i < options.latencyRuns; i++) {
      bareMs.push(await timeBareCurl(target, path.join(outDir, 'curl')));
      const view = await timeFirstView(app.url, `${registries.tokenHost}/bench/tiny:v1`);
      cold.push(view.coldMs);
      warm.push(view.warmMs);
      coldVerified.push(view.coldVerifiedMs);
      warmVerified.push(view.warmVerifiedMs);
    }
    return { cold, warm, coldVerified, warmVerified, bareMs };
  });

  if (wanted('rootfs') && many) {
    measured.rootfs = {};
    const images = [
      { key: 'many' as const, repository: 'bench/many', tag: 'v1' },
      { key: 'large' as const, repository: REPOSITORY, tag: TAGS.gzip },
    ];
    for (const image of images) {
      measured.rootfs[image.key] = await figure(`flattened rootfs, ${image.repository}:${image.tag}`, async () => {
        const dir = path.join(outDir, 'rootfs', image.key);
        fs.mkdirSync(dir, { recursive: true });
        const layout = await copyToLayout(host, image.repository, image.tag, dir);
        const result = { page: [] as RootfsRun[], umoci: [] as RootfsRun[] };
        for (let i = 0; i < options.runs; i++) {
          const umoci = await timeUmociRootfs(layout, dir);
          const page = await timeRootfsInPage(app.url, `${host}/${image.repository}:${image.tag}`, dir);
          checkSamePaths(`${image.repository}:${image.tag}`, page.paths, umoci.paths);
          result.umoci.push({ ms: umoci.ms, bytes: umoci.bytes });
          result.page.push({ ms: page.ms, bytes: page.bytes });
          log(`  ${image.key} run ${i + 1}: page ${page.ms.toFixed(0)} ms (${page.bytes} bytes), umoci + tar ${umoci.ms.toFixed(0)} ms (${umoci.bytes} bytes)`);
        }
        fs.rmSync(dir, { recursive: true, force: true });
        return result;
      });
    }
  }

  // The hardening issue's load figure: 50 clients (30 s; 10 s in quick mode) over the small and tiny blobs.
  const load = !wanted('load') ? undefined : await figure('proxy load', () =>
    runProxyLoad(
      app.url,
      app.pid,
      host,
      [
        { repository: REPOSITORY, digest: small.blobs.gzip.digest },
        { repository: 'bench/tiny', digest: tiny.blobs.gzip.digest },
      ],
      50,
      options.quick ? 10 : 30,
    ),
  );
  if (load !== undefined && !(load instanceof Error) && load.errors > 0) {
    log(`proxy load: ${load.errors} errors`);
    process.exitCode = 1;
  }

  const chromium = chromiumVersion();
  const buildChanged = app.buildChanged();
  await cleanUp();
  if (buildChanged) {
    log('the app was rebuilt (.next/BUILD_ID changed) while the bench served it: the page figures are suspect; run again');
    process.exitCode = 1;
  }

  const rows = tableRows(measured, large, many);
  const runtime = (Date.now() - started) / 1000;
  const machine = {
    cpu: cpuModel(),
    cpus: os.cpus().length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    chromium,
    date: new Date().toISOString(),
    mode: `${options.quick ? 'quick' : 'full'} (${options.runs} runs per throughput figure, ${options.latencyRuns} per latency figure; medians); whole run ${runtime.toFixed(0)} s`,
    build: `${app.buildId} (built ${app.builtAt})${buildChanged ? ' — REBUILT DURING THE RUN: page figures suspect' : ''}`,
  };
  const loadText = load === undefined ? '' : load instanceof Error ? `## Load\n\nThe load run broke: ${load.message}\n` : loadSection(load);
  process.stdout.write(`\n${textTable(rows)}\n\n${loadText}\n`);
  if (options.partial) {
    log(`--only ${[...options.only].join(',')}: ${path.relative(repoRoot, resultsPath)} left as it was (it holds whole runs) after ${runtime.toFixed(0)} s`);
    return;
  }
  // The report carries the history of what changed, so one file tells where the figures came from.
  const changes = fs.existsSync(changesPath) ? `\n${fs.readFileSync(changesPath, 'utf8')}` : '';
  fs.writeFileSync(resultsPath, `${markdownReport(machine, rows, sections(measured, large, many))}\n${loadText}${changes}`);
  log(`wrote ${path.relative(repoRoot, resultsPath)} in ${runtime.toFixed(0)} s`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    void cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}
process.on('exit', () => {
  killChildrenNow();
  if (appServer) {
    try {
      process.kill(-appServer.pid, 'SIGKILL');
    } catch {
      // already stopped
    }
  }
});

main()
  .catch((error) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
