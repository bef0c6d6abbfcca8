/**
 * The image config as the page shows it: how the container runs, and the
 * build history aligned with the manifest's layers and the config's diff_ids.
 * History steps with `empty_layer: true` made no layer; the others pair with
 * the layers in order (image-spec config.md, `history`). When the counts
 * disagree nothing is paired by guesswork: a warning says so instead.
 */
import type { Descriptor, Healthcheck, ImageConfig } from './documents';
import { shortenCreatedBy } from './created-by';
import { formatPlatform } from './platform';
import { sortedEntries } from './sorted-entries';

/** One environment variable, split at the first '='. */
export interface EnvVar {
  name: string;
  value: string;
}

/** One build step of the history. */
export interface HistoryRow {
  /** 1-based position in the history. */
  step: number;
  created?: string;
  /** `created_by` exactly as recorded ('' when absent). */
  createdBy: string;
  /** The instruction in Dockerfile form: "RUN apt-get update". */
  createdByShort: string;
  author?: string;
  comment?: string;
  emptyLayer: boolean;
  /** 0-based layer this step made, when the counts allow pairing. */
  layerIndex?: number;
  /** The manifest's descriptor of that layer. */
  layer?: Descriptor;
  /** The config's diff_id of that layer. */
  diffId?: string;
}

/** What the config view renders. */
export interface ConfigView {
  /** `os/arch[/variant]` of the config. */
  platform: string;
  os: string;
  architecture: string;
  variant?: string;
  osVersion?: string;
  created?: string;
  author?: string;
  env: EnvVar[];
  entrypoint: string[];
  cmd: string[];
  workdir?: string;
  user?: string;
  /** "80/tcp", "53/udp", sorted by port number. */
  exposedPorts: string[];
  volumes: string[];
  /** Labels sorted by key. */
  labels: [string, string][];
  stopSignal?: string;
  healthcheck?: Healthcheck;
  diffIds: string[];
  /**
   * True when the config lists one diff_id per manifest layer, so layer i
   * pairs with diff_ids[i]. When false no layer gets a diff_id (docker refuses
   * such an image; shifting them would blame the wrong layer).
   */
  diffIdsMatchLayers: boolean;
  history: HistoryRow[];
  /** Disagreements between history, layers and diff_ids, in words. */
  warnings: string[];
  /**
   * The config's media type when it is not an image config: the manifest is
   * an artifact's (a signature, an SBOM, a chart), whose config says nothing
   * of a platform, a command or layers' diff_ids. Every other field is empty.
   */
  artifactConfig?: string;
}

/** Reshapes a parsed config, with the layers of the manifest that named it, for the page. */
export function toConfigView(config: ImageConfig, layers: readonly Descriptor[]): ConfigView {
  const c = config.config ?? {};
  const diffIds = config.rootfs.diff_ids;
  const { history, warnings } = alignHistory(config, layers);
  return {
    platform: formatPlatform(config),
    os: config.os,
    architecture: config.architecture,
    ...(config.variant && { variant: config.variant }),
    ...(config['os.version'] && { osVersion: config['os.version'] }),
    ...(config.created !== undefined && { created: config.created }),
    ...(config.author && { author: config.author }),
    env: (c.Env ?? []).map(splitEnv),
    entrypoint: c.Entrypoint ?? [],
    cmd: c.Cmd ?? [],
    ...(c.WorkingDir && { workdir: c.WorkingDir }),
    ...(c.User && { user: c.User }),
    exposedPorts: Object.keys(c.ExposedPorts ?? {}).sort(byNumberThenText),
    volumes: Object.keys(c.Volumes ?? {}).sort(byNumberThenText),
    labels: sortedEntries(c.Labels),
    ...(c.StopSignal && { stopSignal: c.StopSignal }),
    ...(c.Healthcheck && { healthcheck: c.Healthcheck }),
    diffIds: [...diffIds],
    diffIdsMatchLayers: diffIds.length === layers.length,
    history,
    warnings,
  };
}

/** The view of an artifact's config (media type `mediaType`): nothing to run, no diff_ids to pair with its layers. */
export function artifactConfigView(mediaType: string): ConfigView {
  return {
    platform: '',
    os: '',
    architecture: '',
    env: [],
    entrypoint: [],
    cmd: [],
    exposedPorts: [],
    volumes: [],
    labels: [],
    diffIds: [],
    diffIdsMatchLayers: false,
    history: [],
    warnings: [],
    artifactConfig: mediaType,
  };
}

function alignHistory(config: ImageConfig, layers: readonly Descriptor[]): { history: HistoryRow[]; warnings: string[] } {
  const entries = config.history ?? [];
  const diffIds = config.rootfs.diff_ids;
  const warnings: string[] = [];
  if (layers.length !== diffIds.length) {
    warnings.push(
      `The manifest lists ${count(layers.length, 'layer')} but the config lists ${count(diffIds.length, 'diff_id')}; they cannot be paired, so no layer's diff_id is checked (docker refuses to pull such an image).`,
    );
  }
  const steps = entries.filter((e) => !e.empty_layer).length;
  // A config may have no history at all (the spec makes it optional): nothing to pair, nothing to warn about.
  const pairLayers = entries.length > 0 && steps === layers.length;
  const pairDiffIds = entries.length > 0 && steps === diffIds.length;
  if (entries.length > 0 && !pairLayers) {
    warnings.push(
      `The history has ${count(steps, 'step')} that made a layer but the manifest lists ${count(layers.length, 'layer')}; history steps are shown without their layers.`,
    );
  } else if (entries.length > 0 && !pairDiffIds) {
    warnings.push(
      `The history has ${count(steps, 'step')} that made a layer but the config lists ${count(diffIds.length, 'diff_id')}; history steps are shown without their diff_ids.`,
    );
  }

  let next = 0;
  const history = entries.map((e, i): HistoryRow => {
    const emptyLayer = e.empty_layer === true;
    const row: HistoryRow = {
      step: i + 1,
      ...(e.created !== undefined && { created: e.created }),
      createdBy: e.created_by ?? '',
      createdByShort: shortenCreatedBy(e.created_by ?? ''),
      ...(e.author && { author: e.author }),
      ...(e.comment && { comment: e.comment }),
      emptyLayer,
    };
    if (!emptyLayer) {
      const layerIndex = next++;
      if (pairLayers || pairDiffIds) row.layerIndex = layerIndex;
      if (pairLayers) row.layer = layers[layerIndex];
      if (pairDiffIds) row.diffId = diffIds[layerIndex];
    }
    return row;
  });
  return { history, warnings };
}

function splitEnv(entry: string): EnvVar {
  const eq = entry.indexOf('=');
  return eq < 0 ? { name: entry, value: '' } : { name: entry.slice(0, eq), value: entry.slice(eq + 1) };
}

// "8080/tcp" after "443/tcp": ports compare as numbers, not strings.
function byNumberThenText(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
