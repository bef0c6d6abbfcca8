import { describe, expect, it } from 'vitest';
import { showEarlyChecks, type BadgeElement } from '@/components/inspector/early-checks';
import { BADGE_CLASS, pendingWords, verifiedWords } from '@/components/inspector/digest-badge-words';
import type { DigestCheck } from '@/lib/inspect/digest-check';
import type { InspectionState } from '@/lib/inspect/inspect-image';
import { parseReference } from '@/lib/reference';

const CONFIG = `sha256:${'c'.repeat(64)}`;
const MANIFEST = `sha256:${'a'.repeat(64)}`;

/** A server-rendered pending badge, as DigestBadge writes it. */
class FakeBadge implements BadgeElement {
  attributes = new Map<string, string>();
  textContent: string | null;
  className = BADGE_CLASS.pending as string;
  constructor(subject: string, renderedFrom: string, bytes: number) {
    this.attributes.set('data-check', subject);
    this.attributes.set('data-rendered-from', renderedFrom);
    this.attributes.set('data-pending', 'true');
    this.attributes.set('title', 'checking');
    this.textContent = pendingWords({ subject, bytes, renderedFrom, pending: true });
  }
  getAttribute(name: string) {
    return this.attributes.get(name) ?? null;
  }
  setAttribute(name: string, value: string) {
    this.attributes.set(name, value);
  }
  removeAttribute(name: string) {
    this.attributes.delete(name);
  }
}

/** Finds badges by the one selector shape showEarlyChecks uses. */
function page(...badges: FakeBadge[]) {
  return {
    querySelector(selector: string) {
      const m = /^\[data-check="([a-z]+)"\]\[data-pending="true"\]$/.exec(selector);
      if (!m) throw new Error(`unexpected selector ${selector}`);
      return badges.find((b) => b.getAttribute('data-check') === m[1] && b.getAttribute('data-pending') === 'true') ?? null;
    },
  };
}

function check(subject: string, computed: string, ok = true): DigestCheck {
  const claims = [{ source: 'the manifest', digest: ok ? computed : `sha256:${'f'.repeat(64)}` }];
  return { subject, computed, bytes: 123, claims, mismatches: ok ? [] : claims, ok };
}

function state(config: DigestCheck, manifest?: DigestCheck): InspectionState {
  return {
    reference: parseReference('registry.test/app:v1'),
    ...(manifest && { manifest: { check: manifest } }),
    config: { check: config },
  } as unknown as InspectionState;
}

describe('showEarlyChecks', () => {
  it('turns a pending badge to the words and look React renders for the same check', () => {
    const badge = new FakeBadge('config', CONFIG, 123);
    const ok = check('config', CONFIG);
    expect(showEarlyChecks(state(ok), page(badge))).toBe(1);
    expect(badge.textContent).toBe(verifiedWords(ok));
    expect(badge.className).toBe(BADGE_CLASS.ok);
    expect(badge.getAttribute('data-ok')).toBe('true');
    expect(badge.getAttribute('data-pending')).toBeNull();
    expect(badge.getAttribute('title')).toBeNull();
  });

  it('leaves a badge alone when the tab verified other bytes than the view was rendered from', () => {
    const badge = new FakeBadge('config', CONFIG, 123);
    const other = check('config', `sha256:${'d'.repeat(64)}`);
    expect(showEarlyChecks(state(other), page(badge))).toBe(0);
    expect(badge.getAttribute('data-pending')).toBe('true');
    expect(badge.textContent).toMatch(/checking in this tab/);
  });

  it('leaves a mismatch to React: never ✓, never ✗ from here', () => {
    const badge = new FakeBadge('config', CONFIG, 123);
    expect(showEarlyChecks(state(check('config', CONFIG, false)), page(badge))).toBe(0);
    expect(badge.getAttribute('data-pending')).toBe('true');
  });

  it('turns each document badge on its own, and none twice', () => {
    const config = new FakeBadge('config', CONFIG, 123);
    const manifest = new FakeBadge('manifest', MANIFEST, 123);
    const s = state(check('config', CONFIG), check('manifest', MANIFEST));
    expect(showEarlyChecks(s, page(config, manifest))).toBe(2);
    expect(showEarlyChecks(s, page(config, manifest))).toBe(0);
    expect([config, manifest].map((b) => b.getAttribute('data-ok'))).toEqual(['true', 'true']);
  });

  it('does nothing on a page without a first view', () => {
    expect(showEarlyChecks(state(check('config', CONFIG)), page())).toBe(0);
  });
});
