/**
 * Turns the page's server-rendered digest badges to ✓ as soon as the early
 * inspection has checked their bytes, before React hydrates the page (which
 * took ~300 ms more here). Only a badge still pending, and only when the tab's
 * own sha256 of what it received equals the digest of the bytes the server
 * rendered that view from (`data-rendered-from`): then the view shows
 * exactly the bytes the tab verified. A mismatch, or other bytes, waits for
 * React, which renders the tab's own state.
 *
 * React's later render of the same badge writes the same words and
 * attributes (digest-badge-words.ts), and the pending badge tells hydration
 * to accept its text as found.
 */
import type { DigestCheck } from '@/lib/inspect/digest-check';
import type { InspectionState } from '@/lib/inspect/inspect-image';
import { BADGE_CLASS, checkedLook, verifiedWords } from './digest-badge-words';

/** The part of an element the badges need. */
export interface BadgeElement {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  textContent: string | null;
  className: string;
}

/** Turns each pending badge of `state`'s verified documents to ✓ in `root`; returns how many it turned. */
export function showEarlyChecks(state: InspectionState, root: { querySelector(selector: string): BadgeElement | null } = document): number {
  let turned = 0;
  const checks = [state.index?.check, state.manifest?.check, state.config?.check].filter((c): c is DigestCheck => c !== undefined);
  for (const check of checks) {
    if (!check.ok || !/^[a-z]+$/.test(check.subject)) continue;
    const badge = root.querySelector(`[data-check="${check.subject}"][data-pending="true"]`);
    if (!badge || badge.getAttribute('data-rendered-from') !== check.computed) continue;
    badge.textContent = verifiedWords(check);
    badge.className = BADGE_CLASS[checkedLook(check)];
    badge.removeAttribute('data-pending');
    badge.removeAttribute('data-rendered-from');
    badge.removeAttribute('title');
    badge.setAttribute('data-ok', 'true');
    turned++;
  }
  return turned;
}
