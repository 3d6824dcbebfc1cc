import type { Page } from 'playwright-core';

/** The texts an element's aria-describedby points at, joined with " | " (what a screen reader reads after its name). */
export function describedByText(page: Page, id: string): Promise<string> {
  return page.evaluate(
    (i) =>
      (document.getElementById(i)?.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((d) => document.getElementById(d)?.textContent ?? '')
        .join(' | '),
    id,
  );
}
