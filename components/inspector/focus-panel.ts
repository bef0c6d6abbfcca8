import { panelTitleId } from './panel';

/**
 * Brings the panel whose id is `panelId` into view and moves focus to its title, as following a link to it
 * would: a control whose result shows in another panel (far below, on a many-layer image) says where it went,
 * for the eye and for a screen reader. Does nothing while the panel is not on the page.
 */
export function focusPanel(panelId: string): void {
  const panel = document.getElementById(panelId);
  if (!panel) return;
  panel.scrollIntoView({ block: 'start' });
  document.getElementById(panelTitleId(panelId))?.focus({ preventScroll: true });
}
