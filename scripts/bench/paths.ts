/**
 * Where the benchmark keeps things: inputs, registry storage and logs under
 * `bench/out/` (git-ignored, rebuilt at will), the report in
 * `bench/results.md` (kept, so figures can be compared across commits).
 */
import path from 'node:path';
import { repoRoot } from '../test-bed/paths';

export { repoRoot };

/** Everything the benchmark generates and may delete. */
export const outDir = path.join(repoRoot, 'bench', 'out');

/** The generated layers (tar, tar.gz, tar.zst), one folder per size. */
export const inputsDir = path.join(outDir, 'inputs');

/** The benchmark's own registries: storage, configs, token signing key. */
export const registryDir = path.join(outDir, 'registry');

/** Logs of the registries, the token server and the app server. */
export const logsDir = path.join(outDir, 'logs');

/** The written report. */
export const resultsPath = path.join(repoRoot, 'bench', 'results.md');

/** The hand-kept log of what changed for performance and its before/after ratios; copied into each report. */
export const changesPath = path.join(repoRoot, 'bench', 'changes.md');
