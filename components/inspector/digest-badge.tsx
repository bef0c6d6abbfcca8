import type { DigestCheck } from '@/lib/inspect/digest-check';

/** Green when the bytes we hashed equal every digest that named them; red, naming both, when not. */
export function DigestBadge({ check }: { check: DigestCheck }) {
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
