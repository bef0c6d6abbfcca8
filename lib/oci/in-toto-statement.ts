/**
 * The in-toto Statement, as BuildKit stores build provenance and SBOMs in an
 * attestation manifest's layers (in-toto attestation framework, spec v1,
 * statement.md; BuildKit writes `Statement/v0.1`, the same shape):
 *
 *   statement ::= { "_type": URI, "subject": [ subject+ ], "predicateType": URI, "predicate": object }
 *   subject   ::= { "name": string, "digest": { algorithm: lowercase-hex, … } }
 *
 * A subject's digest is a map of algorithm to hex, not the `algorithm:hex`
 * string of an OCI descriptor; the view turns its sha256 into one.
 */
import { jsonHeadMembers } from './json-head-members';

/** What the page shows of a statement: what it says, and about which content. */
export interface InTotoStatementView {
  type: string;
  predicateType?: string;
  subjects: { name: string; digest?: string }[];
}

const STATEMENT_TYPE = /^https:\/\/in-toto\.io\/Statement\/v[0-9.]+$/;

/**
 * The statement in `text`, or undefined when it is not JSON or not an in-toto
 * Statement. With `truncated`, `text` is the document's first bytes only: the
 * members whole in it are read (the subjects, when they come before the
 * predicate, as BuildKit writes them).
 */
export function inTotoStatementView(text: string, options: { truncated?: boolean } = {}): InTotoStatementView | undefined {
  let value: unknown;
  if (options.truncated) {
    value = Object.fromEntries(jsonHeadMembers(text));
  } else {
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  if (!isRecord(value) || typeof value._type !== 'string' || !STATEMENT_TYPE.test(value._type)) return undefined;
  const subjects = (Array.isArray(value.subject) ? value.subject : []).filter(isRecord).map((s) => {
    const hex = isRecord(s.digest) ? s.digest.sha256 : undefined;
    return {
      name: typeof s.name === 'string' ? s.name : '',
      ...(typeof hex === 'string' && /^[a-f0-9]{64}$/.test(hex) ? { digest: `sha256:${hex}` } : {}),
    };
  });
  return {
    type: value._type,
    ...(typeof value.predicateType === 'string' ? { predicateType: value.predicateType } : {}),
    subjects,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
