/**
 * The benchmark's command line: `npm run bench [-- --quick] [--runs N] [--only a,b]` (run.ts also takes --build).
 * Full mode measures a ~200 MiB layer, memory on 256 MiB, 512 MiB and 1 GiB layers and a 1 GiB blob through the proxy; quick mode
 * a quarter of the layers and a 64 MiB blob. `--only` measures some figures and
 * prints them without rewriting bench/results.md, which always holds a whole run.
 */

const MiB = 1024 * 1024;

/** The figures, by the names `--only` takes. */
export const FIGURES = ['pipeline', 'memory', 'proxy', 'first-view', 'rootfs', 'load'] as const;
export type FigureName = (typeof FIGURES)[number];

/** What one run of the benchmark measures, and how often. */
export interface BenchOptions {
  quick: boolean;
  /** Uncompressed size of the main layer. */
  largeLayerBytes: number;
  /** Uncompressed size of the smaller layer (the load figure's blob). */
  smallLayerBytes: number;
  /** Uncompressed sizes of the memory figure's gzip layers, smallest first: memory must not grow with them. */
  memoryLayerBytes: number[];
  /** Size of the blob the proxy figure fetches (the issue asks for 1 GiB). */
  proxyBlobBytes: number;
  /** Repetitions of each heavy measurement (the median is reported). */
  runs: number;
  /** Repetitions of each latency measurement (first view). */
  latencyRuns: number;
  /** The figures to measure; all of them unless `--only` named some. */
  only: ReadonlySet<FigureName>;
  /** True when `--only` left some figures out (the report is then partial). */
  partial: boolean;
}

/** Parses `process.argv`-style arguments; unknown arguments are an error, so a typo is not silently ignored. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  let runs = quick ? 2 : 3;
  let only: Set<FigureName> | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') continue;
    if (arg === '--runs') {
      runs = Number(argv[++i]);
      if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs wants a positive integer, got ${argv[i]}`);
      continue;
    }
    if (arg === '--only') {
      only = new Set();
      for (const name of (argv[++i] ?? '').split(',')) {
        if (!(FIGURES as readonly string[]).includes(name)) throw new Error(`--only takes a comma-separated list of ${FIGURES.join(', ')}; got ${JSON.stringify(name)}`);
        only.add(name as FigureName);
      }
      continue;
    }
    throw new Error(`unknown argument ${arg}; usage: npm run bench [-- --quick] [--runs N] [--only ${FIGURES.join(',')}] [--build]`);
  }
  const largeLayerBytes = (quick ? 50 : 200) * MiB;
  return {
    quick,
    largeLayerBytes,
    smallLayerBytes: largeLayerBytes / 4,
    memoryLayerBytes: (quick ? [64, 128, 256] : [256, 512, 1024]).map((n) => n * MiB),
    proxyBlobBytes: (quick ? 64 : 1024) * MiB,
    runs,
    latencyRuns: quick ? 3 : 5,
    only: only ?? new Set(FIGURES),
    partial: only !== undefined && only.size < FIGURES.length,
  };
}
