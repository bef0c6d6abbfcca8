/**
 * Figure 5: the flattened rootfs download. "Ours" is the real page's
 * "Flattened rootfs (.tar)" button, once every layer is verified and merged,
 * timed from the click until the browser has the whole file (Playwright's
 * download event, then its completion); the saved tar must be one GNU tar
 * reads. The baseline is a real tool on the same image in the same run:
 * `umoci unpack --rootless` of an OCI layout skopeo copied beforehand (the
 * copy is not timed), then `tar -cf` of the unpacked rootfs. Both rootfs
 * must list the same paths.
 */
import fs from 'node:fs';
import path from 'node:path';
import { launchFreshProfile } from '../../test/support/browser';
import { run } from '../../test/support/archive-tools';

/** One timed rootfs: how long, and how many tar bytes came out. */
export interface RootfsRun {
  ms: number;
  bytes: number;
}

// How long the page may take to verify and merge every layer before the button is usable; not part of the figure.
const LAYERS_READY_MS = 10 * 60_000;

/** The sorted paths a tar lists, without `./` and trailing slashes (GNU tar reads the whole file to list it). */
export async function tarPaths(file: string): Promise<string[]> {
  const listing = await run('tar', ['-tf', file]);
  return listing
    .split('\n')
    .map((line) => line.replace(/^\.\//, '').replace(/\/$/, ''))
    .filter((line) => line !== '' && line !== '.')
    .sort();
}

/** Opens `/?image=<reference>` in a fresh profile, waits for the rootfs button, and times its download into `dir`. */
export async function timeRootfsInPage(appUrl: string, reference: string, dir: string): Promise<RootfsRun & { paths: string[] }> {
  const profile = await launchFreshProfile({ acceptDownloads: true });
  const context = profile.context;
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${appUrl}/?${new URLSearchParams({ image: reference })}`);
    const button = page.locator('[data-testid="download-rootfs"]:not([disabled])');
    await button.waitFor({ timeout: LAYERS_READY_MS });
    const started = performance.now();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: LAYERS_READY_MS }), button.click()]);
    // path() resolves once the browser has written the whole file.
    const saved = await download.path();
    const ms = performance.now() - started;
    const failure = await download.failure();
    if (failure !== null) throw new Error(`${reference}: the rootfs download failed: ${failure}`);
    const file = path.join(dir, 'ours-rootfs.tar');
    fs.rmSync(file, { force: true });
    fs.renameSync(saved, file);
    await page.locator('[data-testid="download-progress"][data-status="done"]').waitFor({ timeout: 60_000 });
    return { ms, bytes: fs.statSync(file).size, paths: await tarPaths(file) };
  } finally {
    await profile.close();
  }
}

/** Copies `host/repository:tag` into an OCI layout under `dir` with skopeo (not timed); returns the layout's image argument for umoci. */
export async function copyToLayout(host: string, repository: string, tag: string, dir: string): Promise<string> {
  const layout = path.join(dir, 'layout');
  fs.rmSync(layout, { recursive: true, force: true });
  await run('skopeo', ['copy', '--quiet', '--src-tls-verify=false', `docker://${host}/${repository}:${tag}`, `oci:${layout}:${tag}`]);
  return `${layout}:${tag}`;
}

/** Times `umoci unpack --rootless` of `image` and `tar -cf` of its rootfs, in `dir`. */
export async function timeUmociRootfs(image: string, dir: string): Promise<RootfsRun & { paths: string[] }> {
  const bundle = path.join(dir, 'bundle');
  const file = path.join(dir, 'umoci-rootfs.tar');
  await removeBundle(bundle);
  fs.rmSync(file, { force: true });
  const started = performance.now();
  await run('umoci', ['unpack', '--rootless', '--image', image, bundle]);
  await run('tar', ['-cf', file, '-C', path.join(bundle, 'rootfs'), '.']);
  const ms = performance.now() - started;
  await removeBundle(bundle);
  return { ms, bytes: fs.statSync(file).size, paths: await tarPaths(file) };
}

async function removeBundle(bundle: string): Promise<void> {
  // A rootless unpack may leave directories without write permission.
  if (fs.existsSync(bundle)) await run('chmod', ['-R', 'u+rwX', bundle]);
  fs.rmSync(bundle, { recursive: true, force: true });
}

/** Throws unless both rootfs list the same paths. */
export function checkSamePaths(what: string, ours: readonly string[], umoci: readonly string[]): void {
  const want = new Set(umoci);
  const got = new Set(ours);
  const missing = umoci.filter((p) => !got.has(p));
  const extra = ours.filter((p) => !want.has(p));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(`${what}: our rootfs lists ${ours.length} paths, umoci's ${umoci.length}; missing ${missing.slice(0, 5).join(', ') || 'none'}, extra ${extra.slice(0, 5).join(', ') || 'none'}`);
  }
}
