import type { ReactNode } from 'react';
import { MediaType } from '@/lib/oci/media-types';
import { ViewLink } from './view-link';

// Annotations whose digest names a manifest of the same repository, with no mediaType beside it (BuildKit's attestation entries).
const MANIFEST_DIGEST_KEYS = new Set(['vnd.docker.reference.digest']);

/** Where a digest found in a document leads: another manifest to inspect, or a blob to fetch. */
export type DigestLinker = (digest: string, mediaType: string | undefined) => string | undefined;

/**
 * A document pretty-printed for reading, with every digest a link. Hashing
 * was done on the received bytes; this re-rendering is only for the eye.
 */
export function RawJson({ text, linkDigest, testId }: { text: string; linkDigest: DigestLinker; testId?: string }) {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return <pre className="overflow-auto text-xs">{text}</pre>;
  }
  return (
    <details className="mt-3">
      <summary className="cursor-pointer text-sm text-slate-600 dark:text-slate-400">Raw JSON ({utf8Bytes(text)} bytes as received)</summary>
      <pre data-testid={testId} className="mt-2 max-h-[32rem] overflow-auto rounded bg-slate-100 p-3 text-xs leading-5 dark:bg-slate-950">
        {render(value, 0, linkDigest, undefined)}
      </pre>
    </details>
  );
}

/** The document's length in bytes: it arrived as UTF-8, and `text.length` counts UTF-16 units. */
function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

function render(value: unknown, depth: number, link: DigestLinker, parent: Record<string, unknown> | undefined, key?: string): ReactNode {
  const pad = '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return (
      <>
        {'[\n'}
        {value.map((item, i) => (
          <span key={i}>
            {pad}
            {'  '}
            {render(item, depth + 1, link, undefined)}
            {i < value.length - 1 ? ',\n' : '\n'}
          </span>
        ))}
        {pad}
        {']'}
      </>
    );
  }
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 0) return '{}';
    return (
      <>
        {'{\n'}
        {keys.map((k, i) => (
          <span key={k}>
            {pad}
            {'  '}
            <span className="text-sky-800 dark:text-sky-300">{JSON.stringify(k)}</span>
            {': '}
            {render(obj[k], depth + 1, link, obj, k)}
            {i < keys.length - 1 ? ',\n' : '\n'}
          </span>
        ))}
        {pad}
        {'}'}
      </>
    );
  }
  if (typeof value === 'string') {
    const isDigestField = (key === 'digest' || /^sha256:[a-f0-9]{64}$/.test(value)) && /^[a-z0-9]+:[a-f0-9]+$/.test(value);
    const mediaType = MANIFEST_DIGEST_KEYS.has(key ?? '')
      ? MediaType.OciManifest
      : typeof parent?.mediaType === 'string'
        ? (parent.mediaType as string)
        : undefined;
    const href = isDigestField ? link(value, mediaType) : undefined;
    if (href) {
      return (
        <ViewLink href={href} className="text-emerald-800 underline dark:text-emerald-300">
          {JSON.stringify(value)}
        </ViewLink>
      );
    }
    return <span className="text-emerald-800 dark:text-emerald-300">{JSON.stringify(value)}</span>;
  }
  return <span className="text-amber-800 dark:text-amber-300">{JSON.stringify(value)}</span>;
}
