import { panelTitleId } from './panel';

// How long a focus asked for waits for its panel to appear (its code may still be loading); the user's own move ends it sooner.
const PANEL_WAIT_MS = 10_000;

/**
 * Brings the panel whose id is `panelId` into view and moves focus to its title, as following a link to it
 * would: a control whose result shows in another panel (far below, on a many-layer image) says where it went,
 * for the eye and for a screen reader. A panel not on the page yet (the Files section loads its code when first
 * shown) is focused when it appears, unless the focus has moved meanwhile.
 */
export function focusPanel(panelId: string): void {
  if (focusNow(panelId)) return;
  const from = document.activeElement;
  const observer = new MutationObserver(() => {
    if (document.activeElement !== from || focusNow(panelId)) stop();
  });
  const timer = setTimeout(stop, PANEL_WAIT_MS);
  function stop() {
    observer.disconnect();
    clearTimeout(timer);
  }
  observer.observe(document.body, { childList: true, subtree: true });
}

function focusNow(panelId: string): boolean {
  const panel = document.getElementById(panelId);
  const title = document.getElementById(panelTitleId(panelId));
  if (!panel || !title) return false;
  panel.scrollIntoView({ block: 'start' });
  title.focus({ preventScroll: true });
  return true;
}
