/**
 * What a digest badge says and how it looks, shared by the badge component
 * and by the early inspection, which may turn a server-rendered badge to ✓
 * before React has hydrated it (early-checks.ts). Both must write the same.
 */
import type { DigestCheck } from '@/lib/inspect/digest-check';
import type { PendingCheck } from '@/lib/inspect/first-view-state';

/** Class names of the badge's looks. */
export const BADGE_CLASS = {
  pending: 'text-sm text-slate-500 dark:text-slate-400',
  ok: 'text-sm text-emerald-700 dark:text-emerald-400',
  computed: 'text-sm text-slate-600 dark:text-slate-300',
  mismatch: 'block text-sm text-red-700 dark:text-red-400',
} as const;

/** The title of a badge the tab has not checked yet. */
export const PENDING_TITLE = 'The server sent these bytes with the page; this tab hashes them itself before calling them verified.';

/** A badge the tab has not checked yet. */
export function pendingWords(check: PendingCheck): string {
  return `… checking in this tab · ${check.bytes} bytes to hash`;
}

/** How a check without a mismatch looks: verified only when some digest was compared. */
export function checkedLook(check: DigestCheck): 'ok' | 'computed' {
  return check.claims.length > 0 && !check.synthesized ? 'ok' : 'computed';
}

/** A badge whose bytes the tab hashed to every digest that named them, or only hashed when nothing named them. */
export function verifiedWords(check: DigestCheck): string {
  if (check.embedded) return `✓ part of the verified manifest (${check.embedded}) · no digest of its own`;
  if (check.synthesized) return `synthesized here · sha256 of its ${check.bytes} bytes, a digest no registry serves`;
  const notes = (check.notes ?? []).map((n) => ` · ${n}`).join('');
  if (check.claims.length === 0) {
    return `computed: ${check.computed} (the registry sent no digest to compare with) · ${check.bytes} bytes hashed${notes}`;
  }
  return `✓ verified against ${check.claims.map((c) => c.source).join(', ')} · ${check.bytes} bytes hashed${notes}`;
}
