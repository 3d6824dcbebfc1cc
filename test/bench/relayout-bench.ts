/**
 * `npx tsx test/bench/relayout-bench.ts [--loads 3] [--rows 10000] [extDir]`: what a change inside
 * a button costs the host page once it is laid out, on the demo page: the layout forced right
 * after showing a badge, hiding it, and changing a label's text (one row at a time, one frame
 * apart, 6 rows per load), next to a plain <span> the host itself adds to a cell (its own cost for
 * any change in its table). The first load sizes buttons by their content; the background then
 * has their width (content:buttonWidth) and later loads fix it (sizeButtons: size containment).
 * Uses the built .output/chrome-mv3 unless a directory is given (run `npm run build` first).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startStack, examplePolicyFor } from '../e2e/support/stack';
import { importLocalConfig } from '../e2e/support/configure';
import { EXTENSION_DIR } from '../e2e/support/extension';
import { assertBuilt, launchBenchBrowser } from './browsers';
import { measureRelayout } from './relayout';
import { fmt, median } from './stats';

const args = parseArgs({
  allowPositionals: true,
  options: { loads: { type: 'string', default: '3' }, rows: { type: 'string', default: '10000' } },
});
const loads = Math.max(2, Number(args.values.loads));
const rows = Math.max(10, Math.min(10_000, Number(args.values.rows)));
const extDir = args.positionals[0] ? path.resolve(args.positionals[0]) : EXTENSION_DIR;
assertBuilt(extDir);

const stack = await startStack({ autoApprove: true });
const browser = await launchBenchBrowser(extDir);
try {
  const session = stack.host.control.login('emma');
  await browser.context.addCookies([{ name: session.name, value: session.value, url: stack.host.url }]);
  await importLocalConfig(browser.asExtensionBrowser(), examplePolicyFor(stack.emulator));
  console.log(`relayout after a change inside a button, /documents?rows=${rows}, forced layout in ms (medians of 6 rows; each value listed)`);
  for (let load = 1; load <= loads; load++) {
    const page = await browser.context.newPage();
    await page.goto(`${stack.host.url}/documents?rows=${rows}`, { waitUntil: 'load' });
    // Idle time after the first frames: the first load measures its buttons then.
    await page.waitForTimeout(2500);
    const m = await measureRelayout(page);
    const line = (name: string, values: number[]) => `${name} ${fmt(median(values), ' ms')} [${values.map((v) => fmt(v, '', 1)).join(', ')}]`;
    console.log(
      `load ${load} (host contain: ${m.contain}): ${line('badge shown', m.badgeShown)}; ${line('badge hidden', m.badgeHidden)}; ` +
        `${line('label changed', m.labelChanged)}; ${line('host adds a span to a cell', m.hostSpan)}`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  await stack.close();
}
