/**
 * One stylesheet shared by every button's shadow root (adoptedStyleSheets where the browser
 * supports it in content scripts, a <style> copy otherwise). Host CSS cannot reach inside the
 * shadow root, and `all: initial` on the host keeps inherited host styles out.
 */
export const BUTTON_CSS = `
/* Never wider than the host's cell (fixed-layout tables clip or overflow otherwise): the "via …"
   part gives way first, with an ellipsis; the full text stays in the title and aria-label. The
   cell's alignment is kept, so a badge that wraps under the button lines up with the button. */
:host { all: initial; display: inline-block; vertical-align: middle; max-width: 100%; text-align: inherit; }
button {
  font: 500 13px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  display: inline-flex; align-items: center; gap: 6px;
  min-height: 28px; padding: 4px 10px; border-radius: 6px; cursor: pointer;
  border: 1px solid #1d3b8b; background: #1d3b8b; color: #ffffff;
  white-space: nowrap; max-width: min(28em, 100%); overflow: hidden; text-overflow: ellipsis;
}
button > span:first-child { flex: none; }
button:hover { background: #16306f; }
button:focus-visible { outline: 3px solid #f2b705; outline-offset: 2px; }
button[data-status="sign-in"] { background: #ffffff; color: #1d3b8b; }
button[data-status="denied"], button[data-status="unconfigured"], button[data-status="no-user"] {
  background: #f1f1f1; color: #3d3d3d; border-color: #8a8a8a; cursor: not-allowed;
}
button[aria-busy="true"] { cursor: progress; opacity: .8; }
.where { font-weight: 400; opacity: .92; min-width: 0; overflow: hidden; text-overflow: ellipsis; }
.badge { margin-left: 6px; font: 600 12px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  display: inline-flex; align-items: center; gap: 4px; padding: 3px 8px; border-radius: 999px;
  background: #e8ecf7; color: #1d3b8b; vertical-align: middle; }
.badge[hidden] { display: none; }
.badge[data-kind="sent"] { background: #e3f3e6; color: #17612a; }
.badge[data-kind="failed"] { background: #fbe7e6; color: #8f1d16; }
.badge[data-kind="cancelled"] { background: #eeeeee; color: #3d3d3d; }
.badge .retry { font: inherit; border: 1px solid currentColor; background: transparent; color: inherit;
  border-radius: 999px; padding: 1px 8px; cursor: pointer; }
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

let shared: CSSStyleSheet | null | undefined;

/** Attaches the shared stylesheet to a shadow root. */
export function adoptButtonStyles(root: ShadowRoot): void {
  if (shared === undefined) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(BUTTON_CSS);
      root.adoptedStyleSheets = [sheet];
      shared = sheet;
      return;
    } catch {
      // Firefox content scripts (Xray wrappers) may refuse constructed sheets: use <style>.
      shared = null;
    }
  }
  if (shared) {
    root.adoptedStyleSheets = [shared];
  } else {
    const style = document.createElement('style');
    style.textContent = BUTTON_CSS;
    // First: the button code finds its elements as the root's last two children.
    root.prepend(style);
  }
}
