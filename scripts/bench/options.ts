/**
 * The benchmark's command line: `npm run bench [-- --quick] [--runs N]` (run.ts also takes --build).
 * Full mode measures a ~200 MiB layer; quick mode a quarter of that.
 */

const MiB = 1024 * 1024;

/** What one run of the benchmark measures, and how often. */
export interface BenchOptions {
  quick: boolean;
  /** Uncompressed size of the main layer. */
  largeLayerBytes: number;
  /** Uncompressed size of the second layer of the memory figure. */
  smallLayerBytes: number;
  /** Repetitions of each heavy measurement (the median is reported). */
  runs: number;
  /** Repetitions of each latency measurement (first view). */
  latencyRuns: number;
}

/** Parses `process.argv`-style arguments; unknown arguments are an error, so a typo is not silently ignored. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  let runs = quick ? 2 : 3;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') continue;
    if (arg === '--runs') {
      runs = Number(argv[++i]);
      if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs wants a positive integer, got ${argv[i]}`);
      continue;
    }
    throw new Error(`unknown argument ${arg}; usage: npm run bench [-- --quick] [--runs N] [--build]`);
  }
  const largeLayerBytes = (quick ? 50 : 200) * MiB;
  return { quick, largeLayerBytes, smallLayerBytes: largeLayerBytes / 4, runs, latencyRuns: quick ? 3 : 5 };
}
