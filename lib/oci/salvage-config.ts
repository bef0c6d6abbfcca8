/**
 * What can be read of an image config that breaks the spec. A config is
 * verified by its digest before it is read, so its bytes are what the image
 * holds whatever they say; crane config and oci.dag.dev show such a config
 * as sent. Here each top-level member that fails its check
 * (parse.ts, parseImageConfig) is set aside, and the rest is read as usual:
 * a missing `rootfs` takes an empty diff_ids list (its layers are then
 * verified by digest alone), a missing `architecture` or `os` an empty one.
 *
 * JSON that is not an object, too large, or ambiguous (a key given twice,
 * which two parsers would read differently) is not salvaged: its error stands.
 */
import type { ImageConfig } from './documents';
import { BadDocumentError } from './document-errors';
import { readJsonObject } from './json-bytes';
import { MAX_CONFIG_BYTES, parseImageConfig } from './parse';

/** A config read as far as it goes, and every spec violation set aside on the way (empty when it is valid). */
export interface SalvagedConfig {
  config: ImageConfig;
  problems: BadDocumentError[];
}

// Members the spec requires, and what stands in for them when they are missing or broken.
const STAND_INS: Record<string, unknown> = { architecture: '', os: '', rootfs: { type: 'layers', diff_ids: [] } };

/** Parses a config, setting aside the members that break the spec; throws only what cannot be read at all. */
export function salvageImageConfig(bytes: Uint8Array): SalvagedConfig {
  try {
    return { config: parseImageConfig(bytes), problems: [] };
  } catch (err) {
    if (!(err instanceof BadDocumentError)) throw err;
    // Not an object, or ambiguous: nothing to salvage.
    const obj = readJsonObject(bytes, 'config', MAX_CONFIG_BYTES);
    return setAside(obj, err);
  }
}

function setAside(obj: Record<string, unknown>, first: BadDocumentError): SalvagedConfig {
  const problems = [first];
  const setAsideKeys = new Set<string>();
  for (;;) {
    const problem = problems[problems.length - 1];
    const key = memberOf(problem.path, obj);
    // A stand-in that fails too, or a problem with no member to set aside, would loop: the first error stands.
    if (key === undefined || setAsideKeys.has(key)) throw first;
    setAsideKeys.add(key);
    if (key in STAND_INS) obj[key] = STAND_INS[key];
    else delete obj[key];
    try {
      return { config: parseImageConfig(new TextEncoder().encode(JSON.stringify(obj))), problems };
    } catch (err) {
      if (!(err instanceof BadDocumentError)) throw err;
      problems.push(err);
    }
  }
}

/** The top-level member a problem's path (`config.rootfs.diff_ids[0]`, `config.os.version`) lies in. */
function memberOf(path: string, obj: Record<string, unknown>): string | undefined {
  if (!path.startsWith('config.')) return undefined;
  const rest = path.slice('config.'.length);
  // Keys may hold dots (`os.version`): the longest key the path starts with wins.
  const candidates = [...Object.keys(obj), ...Object.keys(STAND_INS)].filter(
    (k) => rest === k || rest.startsWith(`${k}.`) || rest.startsWith(`${k}[`),
  );
  return candidates.sort((a, b) => b.length - a.length)[0];
}
