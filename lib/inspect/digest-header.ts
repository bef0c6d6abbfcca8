/**
 * The Docker-Content-Digest header as received (distribution-spec, "Pulling
 * manifests"):
 *
 *   value ::= digest
 *
 * A registry, or a proxy in between, may send the header more than once, and
 * fetch joins repeated headers with ", " (a digest holds neither). Go's
 * clients (docker, containerd, crane) read the first value (http.Header.Get),
 * and so does this.
 */
import { isDigest } from '../digest';

/** What one Docker-Content-Digest value claims. */
export type DigestHeader =
  /** The digest to compare with; `others` are the further, different values sent, if any. */
  | { digest: string; others: string[] }
  /** The first value is no digest at all: nothing to compare with. */
  | { unreadable: string };

/** Reads a Docker-Content-Digest value (repeated headers joined by ", "); the first value counts. */
export function readDigestHeader(value: string): DigestHeader {
  const values = value.split(',').map((v) => v.trim());
  const [first] = values;
  if (!isDigest(first)) return { unreadable: value.trim() };
  return { digest: first, others: [...new Set(values.slice(1).filter((v) => v !== first))] };
}
