/**
 * What a change inside a button costs the host page once it is laid out (run in a loaded demo
 * page with buttons): the layout forced right after showing a badge, hiding it, and changing a
 * label's text, one row at a time, one frame apart, 6 rows; next to a plain <span> the host itself
 * adds to a cell (its own cost for any change in its table). `host contain` says whether the
 * buttons' size was fixed (sizeButtons in utils/content/button-styles.ts).
 */
import type { Page } from 'playwright-core';

/** In the page (a string: nothing of this file's transpilation reaches it). */
const MEASURE = `(async () => {
  const hosts = Array.from(document.querySelectorAll('tr.doc-row [data-swd-button]'));
  const rows = document.querySelectorAll('tr.doc-row');
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const layoutMs = () => { const t = performance.now(); void document.body.offsetHeight; return performance.now() - t; };
  const out = { contain: getComputedStyle(hosts[0]).contain, badgeShown: [], badgeHidden: [], labelChanged: [], hostSpan: [] };
  for (let i = 1; i <= 6; i++) {
    const root = hosts[i].shadowRoot;
    const badge = root.querySelector('.badge');
    const button = root.querySelector('button');
    // As setBadge shows one (send-button.ts).
    await frame();
    const text = document.createElement('span');
    text.textContent = 'Sent';
    badge.replaceChildren(text);
    badge.dataset.kind = 'sent';
    badge.hidden = false;
    button.toggleAttribute('data-badge', true);
    out.badgeShown.push(layoutMs());
    await frame();
    badge.hidden = true;
    button.toggleAttribute('data-badge', false);
    out.badgeHidden.push(layoutMs());
    await frame();
    const label = button.firstElementChild;
    label.textContent = label.textContent.slice(0, -1) + '!';
    out.labelChanged.push(layoutMs());
    await frame();
    const span = document.createElement('span');
    span.textContent = '·';
    rows[500 + i * 10].firstElementChild.append(span);
    out.hostSpan.push(layoutMs());
  }
  return out;
})()`;

export interface RelayoutMetrics {
  contain: string;
  badgeShown: number[];
  badgeHidden: number[];
  labelChanged: number[];
  hostSpan: number[];
}

export function measureRelayout(page: Page): Promise<RelayoutMetrics> {
  return page.evaluate(MEASURE) as Promise<RelayoutMetrics>;
}
