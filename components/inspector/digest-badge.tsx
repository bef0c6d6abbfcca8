import { isPending, type ShownCheck } from '@/lib/inspect/first-view-state';
import { BADGE_CLASS, checkedLook, PENDING_TITLE, pendingWords, verifiedWords } from './digest-badge-words';

/**
 * Green when the bytes we hashed equal every digest that named them; red, naming both, when not; neutral when nothing named them, or while the
 * tab has not hashed them yet (a first view the server sent with the page), which is never shown as verified.
 *
 * A pending badge is one text node with `data-check` and `data-rendered-from`: the early inspection may turn it to ✓
 * in place before React hydrates it (early-checks.ts), so hydration must accept its text and attributes as they are.
 */
export function DigestBadge({ check }: { check: ShownCheck }) {
  if (isPending(check)) {
    return (
      <span
        data-testid={`check-${check.subject}`}
        data-check={check.subject}
        data-rendered-from={check.renderedFrom}
        data-pending="true"
        title={PENDING_TITLE}
        className={BADGE_CLASS.pending}
        suppressHydrationWarning
      >
        {pendingWords(check)}
      </span>
    );
  }
  if (check.ok) {
    return (
      <span data-testid={`check-${check.subject}`} data-check={check.subject} data-ok="true" className={BADGE_CLASS[checkedLook(check)]}>
        {verifiedWords(check)}
      </span>
    );
  }
  return (
    <span data-testid={`check-${check.subject}`} data-check={check.subject} data-ok="false" className={BADGE_CLASS.mismatch}>
      {check.mismatches.length > 0 && (
        <>
          ✗ digest mismatch: computed <span className="digest">{check.computed}</span>
          {check.mismatches.map((m) => (
            <span key={m.source} className="block">
              but {m.source} says <span className="digest">{m.digest}</span>
            </span>
          ))}
        </>
      )}
      {check.sizeMismatches?.map((m) => (
        <span key={`size-${m.source}`} className="block">
          ✗ size mismatch: the {m.source} says {m.size} bytes, {check.bytes} were received
        </span>
      ))}
      {check.notes?.map((note) => (
        <span key={note} className="block text-slate-600 dark:text-slate-300">
          {note}
        </span>
      ))}
    </span>
  );
}

/** Said above a document whose bytes failed their digest check: what is shown is not the image asked for. */
export function NotAskedFor({ subject }: { subject: string }) {
  return (
    <p role="alert" data-testid={`${subject}-not-asked-for`} className="mt-2 rounded bg-red-50 p-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-200">
      {subject === 'config'
        ? 'Not the image’s config: it is shown as the registry sent it, and its bytes are not the ones the manifest’s config descriptor names. ' +
          'Its history is not shown, no layer was pulled (nothing could be checked against its diff_ids), and nothing of the image can be downloaded.'
        : `Not the image asked for: this ${subject} is shown as the registry sent it, and its digest is not the one that named it. Nothing it names ` +
          '(config, layers, files) was pulled, and nothing of it can be downloaded.'}
    </p>
  );
}
