import { Facts } from './panel';
import { ClampedValue } from './clamped-value';
import { webLink } from '@/lib/web-link';
import { VisibleText } from './visible-text';

/** A document's (or a descriptor's) annotations under their heading, keys by name; nothing when there are none. */
export function Annotations({ entries, testId, title = 'Annotations' }: { entries: [string, string][]; testId?: string; title?: string }) {
  if (entries.length === 0) return null;
  return (
    <div className="mt-3" data-testid={testId}>
      <h3 className="text-sm font-medium">{title}</h3>
      <Facts
        longLabels
        rows={entries.map(([k, v]) => [
          k,
          <span key={k} className="break-all font-mono text-xs">
            <ClampedValue value={v} render={(whole) => <AnnotationValue value={whole} />} />
          </span>,
        ])}
      />
    </div>
  );
}

/**
 * The value of an annotation or label (or an in-toto statement's type), as
 * written, hidden characters escaped; a web address (`org.opencontainers.image.source`, `…url`,
 * `…documentation`, `https://spdx.dev/Document`) is also a link. The image's publisher wrote it, so it opens in a new tab with no
 * referrer and no handle on this page, only http(s) addresses are links, and a link reads the address it opens
 * (lib/web-link.ts): where that differs from the value, the value follows as written.
 */
export function AnnotationValue({ value }: { value: string }) {
  const link = webLink(value);
  if (!link) return <VisibleText text={value} />;
  return (
    <>
      <a href={link.href} target="_blank" rel="noopener noreferrer nofollow" data-testid="annotation-link" className="text-sky-700 hover:underline dark:text-sky-400">
        {link.href}
      </a>
      {link.rewritten && (
        <span data-testid="annotation-written" className="text-slate-500 dark:text-slate-400">
          {' '}
          (written <VisibleText text={value} />)
        </span>
      )}
    </>
  );
}
