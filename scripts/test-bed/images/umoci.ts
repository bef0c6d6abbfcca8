/**
 * The umoci commands the image builder uses (umoci 0.4: init, new, unpack
 * --rootless, repack, config). Each layer is built from a fresh unpack,
 * because repack bases the new layer on the manifest the bundle was unpacked
 * from: a `config` run in between would otherwise be lost.
 */
import fs from 'node:fs';
import path from 'node:path';
import { run } from '../run';

/** A history entry's fields (image-spec config.md, "history"). */
export interface HistoryFields {
  createdBy: string;
  created: string;
  author?: string;
  comment?: string;
}

function historyArgs(history: HistoryFields): string[] {
  const args = ['--history.created_by', history.createdBy, '--history.created', history.created];
  if (history.author !== undefined) args.push('--history.author', history.author);
  if (history.comment !== undefined) args.push('--history.comment', history.comment);
  return args;
}

/** Creates an empty OCI layout (or reuses an existing one). */
export async function initLayout(layout: string): Promise<void> {
  if (!fs.existsSync(path.join(layout, 'oci-layout'))) await run('umoci', ['init', '--layout', layout]);
}

/** Creates an image with no layers under `tag`. */
export async function newImage(layout: string, tag: string): Promise<void> {
  await run('umoci', ['new', '--image', `${layout}:${tag}`]);
}

/** Unpacks `tag`, lets `edit` change the rootfs, and repacks the change as one layer. */
export async function addLayer(
  layout: string,
  tag: string,
  scratch: string,
  history: HistoryFields,
  edit: (rootfs: string) => void,
): Promise<void> {
  const bundle = path.join(scratch, `bundle-${tag}`);
  fs.rmSync(bundle, { recursive: true, force: true });
  await run('umoci', ['unpack', '--rootless', '--image', `${layout}:${tag}`, bundle]);
  edit(path.join(bundle, 'rootfs'));
  await run('umoci', ['repack', ...historyArgs(history), '--image', `${layout}:${tag}`, bundle]);
  fs.rmSync(bundle, { recursive: true, force: true });
}

/**
 * Changes the image config with umoci's `--config.*`/`--os`/… flags; with
 * `history` it also appends an `empty_layer: true` history entry, as a
 * Dockerfile ENV or CMD instruction does.
 */
export async function configure(layout: string, tag: string, flags: string[], history?: HistoryFields): Promise<void> {
  const historyFlags = history === undefined ? ['--no-history'] : historyArgs(history);
  await run('umoci', ['config', ...flags, ...historyFlags, '--image', `${layout}:${tag}`]);
}
