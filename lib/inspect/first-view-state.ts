/**
 * The first view as the server saw it, shown before the tab has checked any
 * digest. The server parsed the same bytes the tab will hash, but its own
 * hashing is not the tab's: every check is replaced by a pending one, which
 * the page shows as neither verified nor failed until the tab's inspection
 * has hashed the recorded bytes itself.
 */
import type { DigestCheck } from './digest-check';
import type { InspectionState } from './inspect-image';

/** A digest the tab has not checked yet: what it names and how many bytes will be hashed. */
export interface PendingCheck {
  subject: string;
  bytes: number;
  /**
   * The server's sha256 of the bytes this view was rendered from: not a
   * verification. The tab's own check of the bytes it received must come to
   * the same value before this view may be shown as verified.
   */
  renderedFrom: string;
  pending: true;
}

/** A check as the page shows it: made by the tab, or still to be made. */
export type ShownCheck = DigestCheck | PendingCheck;

type WithShownCheck<T extends { check: DigestCheck }> = Omit<T, 'check'> & { check: ShownCheck };

/** What the inspection panels show: the tab's inspection, or a first view whose checks are pending. */
export interface ShownState extends Omit<InspectionState, 'index' | 'nested' | 'manifest' | 'config'> {
  index?: WithShownCheck<NonNullable<InspectionState['index']>>;
  nested?: Array<WithShownCheck<NonNullable<InspectionState['nested']>[number]>>;
  manifest?: WithShownCheck<NonNullable<InspectionState['manifest']>>;
  config?: WithShownCheck<NonNullable<InspectionState['config']>>;
}

/** Whether a shown check is still to be made by the tab. */
export function isPending(check: ShownCheck): check is PendingCheck {
  return 'pending' in check;
}

/** The server's inspection with every digest check replaced by a pending one (and no record of where bytes came from). */
export function withPendingChecks(state: InspectionState): ShownState {
  const pending = (check: DigestCheck): PendingCheck => ({ subject: check.subject, bytes: check.bytes, renderedFrom: check.computed, pending: true });
  return {
    reference: state.reference,
    ...(state.resolvedDigest !== undefined && { resolvedDigest: state.resolvedDigest }),
    ...(state.platform && { platform: state.platform }),
    ...(state.index && { index: { ...state.index, check: pending(state.index.check) } }),
    ...(state.nested && { nested: state.nested.map((nested) => ({ ...nested, check: pending(nested.check) })) }),
    ...(state.manifest && { manifest: { ...state.manifest, check: pending(state.manifest.check) } }),
    ...(state.config && { config: { ...state.config, check: pending(state.config.check) } }),
  };
}

/**
 * The tab's state where it has got to, the first view where it has not yet:
 * the panels stay in place (no layout jump) while the tab catches up.
 */
export function overlayFirstView(first: ShownState, tab: InspectionState | undefined): ShownState {
  if (!tab) return first;
  return {
    ...first,
    ...tab,
    resolvedDigest: tab.resolvedDigest ?? first.resolvedDigest,
    platform: tab.platform ?? first.platform,
    index: tab.index ?? first.index,
    nested: tab.nested ?? first.nested,
    manifest: tab.manifest ?? first.manifest,
    config: tab.config ?? first.config,
  };
}
