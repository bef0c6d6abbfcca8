import { isPending, type ShownCheck } from '@/lib/inspect/first-view-state';

/**
 * Green when the bytes we hashed equal every digest that named them; red, naming both, when not; neutral while the
 * tab has not hashed them yet (a first view the server sent with the page), which is never shown as verified.
 */
export function DigestBadge({ check }: { check: ShownCheck }) {
  if (isPending(check)) {
    return (
      <span
        data-testid={`check-${check.subject}`}
        data-pending="true"
        title="The server sent these bytes with the page; this tab hashes them itself before calling them verified."
        className="text-sm text-slate-500 dark:text-slate-400"
      >
        … checking in this tab · {check.bytes} bytes to hash
      </span>
    );
  }
  if (check.ok) {
    const sources = check.claims.map((c) => c.source).join(', ');
    return (
      <span data-testid={`check-${check.subject}`} data-ok="true" className="text-sm text-emerald-700 dark:text-emerald-400">
        ✓ verified{sources ? ` against ${sources}` : ' (computed; nothing to compare with)'} · {check.bytes} bytes hashed
      </span>
    );
  }
  return (
    <span data-testid={`check-${check.subject}`} data-ok="false" className="block text-sm text-red-700 dark:text-red-400">
      ✗ digest mismatch: computed <span className="digest">{check.computed}</span>
      {check.mismatches.map((m) => (
        <span key={m.source} className="block">
          but {m.source} says <span className="digest">{m.digest}</span>
        </span>
      ))}
    </span>
  );
}
