import { isButtonPx } from '../button-width';

/**
 * One stylesheet shared by every button's shadow root (adoptedStyleSheets where the browser
 * supports it in content scripts, a <style> copy otherwise). Host CSS cannot reach inside the
 * shadow root, and `all: initial` on the host keeps inherited host styles out.
 *
 * One line, whatever it shows: a badge takes the place of the "via …" part (the same on every
 * row, and still in the title and aria-label) instead of wrapping under the button, so the host's
 * row keeps its height when a send's state appears (see sizeButtons for the width). The button
 * fills a fixed-size host next to a badge, so the row's edges line up with the others'. When space
 * runs short, the "via …" part gives way long before the label does. The badge's Retry button
 * resets the main button's box (its min-height made the badge taller than the button's line).
 * Never wider than the host's cell (fixed-layout tables clip or overflow otherwise): the text
 * gives way with an ellipsis; the full text stays in the title and aria-label.
 * (Comments here, not in the CSS: that string ships in every host page.)
 */
export const BUTTON_CSS = `
:host { all: initial; display: inline-flex; align-items: center; gap: 6px; vertical-align: middle; max-width: 100%; }
button {
  flex: 1 1 auto; min-width: 0;
  font: 500 13px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  display: inline-flex; align-items: center; justify-content: center; gap: 6px;
  min-height: 28px; padding: 4px 10px; border-radius: 6px; cursor: pointer;
  border: 1px solid #1d3b8b; background: #1d3b8b; color: #ffffff;
  white-space: nowrap; max-width: min(28em, 100%); overflow: hidden; text-overflow: ellipsis;
}
button > span { min-width: 0; overflow: hidden; text-overflow: ellipsis; }
button[data-badge] .where { display: none; }
button:hover { background: #16306f; }
button:focus-visible { outline: 3px solid #f2b705; outline-offset: 2px; }
button[data-status="sign-in"] { background: #ffffff; color: #1d3b8b; }
button[data-status="denied"], button[data-status="unconfigured"], button[data-status="no-user"] {
  background: #f1f1f1; color: #3d3d3d; border-color: #8a8a8a; cursor: not-allowed;
}
button[aria-busy="true"] { cursor: progress; opacity: .8; }
.where { font-weight: 400; opacity: .92; flex: 0 1000 auto; }
.badge { font: 600 12px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  display: inline-flex; align-items: center; gap: 4px; padding: 3px 8px; border-radius: 999px;
  background: #e8ecf7; color: #1d3b8b; flex: none; white-space: nowrap; }
.badge[hidden] { display: none; }
.badge[data-kind="sent"] { background: #e3f3e6; color: #17612a; }
.badge[data-kind="failed"] { background: #fbe7e6; color: #8f1d16; }
.badge[data-kind="cancelled"] { background: #eeeeee; color: #3d3d3d; }
.badge .retry { font: inherit; border: 1px solid currentColor; background: transparent; color: inherit;
  border-radius: 999px; padding: 1px 8px; cursor: pointer; display: inline-block; min-height: 0; max-width: none; flex: none; }
.badge .retry:focus-visible { outline: 3px solid #f2b705; outline-offset: 1px; }
@media (prefers-color-scheme: dark) {
  .badge { background: #22315e; color: #dce4ff; }
  .badge[data-kind="sent"] { background: #173d22; color: #c9f0d2; }
  .badge[data-kind="failed"] { background: #4a1916; color: #ffd7d3; }
  .badge[data-kind="cancelled"] { background: #333; color: #e0e0e0; }
  button[data-status="sign-in"] { background: #10182e; color: #c9d6ff; border-color: #7f9cf5; }
  button[data-status="denied"], button[data-status="unconfigured"], button[data-status="no-user"] {
    background: #2a2a2a; color: #e0e0e0; border-color: #777;
  }
}
`;

/** A button host's height while its size is fixed: the button's min-height. */
export const BUTTON_HEIGHT_PX = 28;

let shared: CSSStyleSheet | null | undefined;
/** The rule that fixes every host's size (sizeButtons), while there is one. */
let sizeRule: CSSStyleRule | null = null;

/** The stylesheet every root adopts; null where constructed sheets are unavailable. */
function sharedSheet(): CSSStyleSheet | null {
  if (shared === undefined) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(BUTTON_CSS);
      shared = sheet;
    } catch {
      shared = null;
    }
  }
  return shared;
}

/** Attaches the shared stylesheet to a shadow root. */
export function adoptButtonStyles(root: ShadowRoot): void {
  const sheet = sharedSheet();
  if (sheet) {
    try {
      root.adoptedStyleSheets = [sheet];
      return;
    } catch {
      // Firefox content scripts (Xray wrappers) may refuse constructed sheets: use <style>.
      shared = null;
      sizeRule = null;
    }
  }
  const style = document.createElement('style');
  style.textContent = BUTTON_CSS;
  // First: the button code finds its elements as the root's last two children.
  root.prepend(style);
}

/**
 * Fixes the size of every button host (`px` wide, BUTTON_HEIGHT_PX high) with size and layout
 * containment, or lets hosts follow their content again (null). Contained, a change inside a
 * button (its label, busy state, a badge) makes the host page lay out that button only. Measured
 * on the 10,000-row demo page (a badge shown, then the layout forced): 2-3 ms contained against
 * 60-130 ms without, where Chromium laid out the host's whole table again, as it does for any
 * change of size-dependent content in a cell. A change that fits in the fixed box still costs that
 * without containment: Chromium cannot know it fits before laying the table out.
 *
 * The width must be known before the first layout (fixing it later would itself lay the table out
 * again), so it is the width measured on an earlier load for the same labels (host-integration.ts).
 * Only with the shared stylesheet (one rule for every root); with <style> copies buttons size
 * themselves as before. Returns whether the size is now fixed.
 */
export function sizeButtons(px: number | null): boolean {
  const sheet = sharedSheet();
  if (!sheet) return false;
  // Whole pixels, rounded up: a fraction less than the content would cut its last letter short.
  // Nothing a button could measure (a hint from elsewhere): sized by content instead.
  px = isButtonPx(px) ? Math.ceil(px) : null;
  if (px === null) {
    if (sizeRule) {
      const index = Array.prototype.indexOf.call(sheet.cssRules, sizeRule);
      if (index >= 0) sheet.deleteRule(index);
      sizeRule = null;
    }
    return false;
  }
  const width = `${px}px`;
  if (sizeRule) {
    if (sizeRule.style.getPropertyValue('contain-intrinsic-width') !== width) sizeRule.style.setProperty('contain-intrinsic-width', width);
    return true;
  }
  // After the :host rule above (same specificity), so its `all: initial` does not undo it. No
  // paint containment: it would clip the focus outline, drawn outside the button.
  const index = sheet.insertRule(
    `:host { contain: size layout style; contain-intrinsic-width: ${width}; contain-intrinsic-height: ${BUTTON_HEIGHT_PX}px; }`,
    sheet.cssRules.length,
  );
  sizeRule = sheet.cssRules[index] as CSSStyleRule;
  return true;
}
