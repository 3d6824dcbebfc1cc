/**
 * `npx tsx test/bench/load-bench.ts [loads]`: only the 10,000-row page's DOMContentLoaded and load
 * event, with many more loads than `npm run bench` (which gives each variant 5): no extension, an
 * empty content script with the same matches and runAt (Chromium's injection alone), and the
 * built extension (.output/chrome-mv3, `npm run build` first). One browser per variant; the loads
 * go round the variants in turn, starting one variant further each round, so no variant always
 * loads right after another. The first round warms the browsers and is left out. Medians of the
 * usual loads (see load-modes.ts) and of Chromium's layout counters.
 */
import { startStack, examplePolicyFor } from '../e2e/support/stack';
import { importLocalConfig } from '../e2e/support/configure';
import { EXTENSION_DIR } from '../e2e/support/extension';
import { assertBuilt, emptyExtensionLike, launchBenchBrowser, type BenchBrowser } from './browsers';
import { slowThreshold, type LoadTiming } from './load-modes';
import { navigationTimings, renderCounters } from './page-bench';
import { fmt, median } from './stats';

const loads = Math.max(1, Number(process.argv[2] ?? 20));
assertBuilt(EXTENSION_DIR);

interface Sample extends LoadTiming {
  layouts: number;
  layoutMs: number;
}

const stack = await startStack({ autoApprove: true });
const browsers: BenchBrowser[] = [];
try {
  const floorDir = await emptyExtensionLike(EXTENSION_DIR);
  const variants = [
    { name: 'no extension', dir: null },
    { name: 'empty content script', dir: floorDir },
    { name: 'extension', dir: EXTENSION_DIR },
  ] as const;
  const session = stack.host.control.login('emma');
  for (const variant of variants) {
    const browser = await launchBenchBrowser(variant.dir);
    browsers.push(browser);
    await browser.context.addCookies([{ name: session.name, value: session.value, url: stack.host.url }]);
    if (variant.dir === EXTENSION_DIR) await importLocalConfig(browser.asExtensionBrowser(), examplePolicyFor(stack.emulator));
  }
  const samples: Sample[][] = variants.map(() => []);
  for (let round = 0; round <= loads; round++) {
    for (let k = 0; k < variants.length; k++) {
      const v = (k + round) % variants.length;
      const { context } = browsers[v]!;
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
      await page.goto(`${stack.host.url}/documents?rows=10000`, { waitUntil: 'load' });
      await page.waitForTimeout(300);
      const nav = await navigationTimings(page);
      const counters = await renderCounters(cdp);
      await page.close();
      if (round > 0 && counters) samples[v]!.push({ ...nav, layouts: counters.layouts, layoutMs: counters.layoutMs });
    }
  }
  const threshold = slowThreshold(samples.flat());
  const usual = samples.map((s) => s.filter((l) => l.dcl <= threshold));
  const med = (v: number, f: (s: Sample) => number) => median(usual[v]!.map(f));
  console.log(`10,000-row page, ${loads} loads per variant (slow loads: DOMContentLoaded after ${fmt(threshold, ' ms', 0)}, left out)`);
  variants.forEach((variant, v) => {
    const vs = (f: (s: Sample) => number) => {
      const a = med(v, f);
      const b = med(0, f);
      return v === 0 || a === null || b === null ? '' : ` (${a - b >= 0 ? '+' : ''}${fmt(a - b, ' ms', 0)})`;
    };
    console.log(
      `${variant.name.padEnd(22)} usual loads ${usual[v]!.length}/${samples[v]!.length}: DOMContentLoaded ${fmt(med(v, (s) => s.dcl), ' ms', 0)}${vs((s) => s.dcl)}, ` +
        `load ${fmt(med(v, (s) => s.load), ' ms', 0)}${vs((s) => s.load)}, layouts ${fmt(med(v, (s) => s.layouts), '', 1)}, layout ${fmt(med(v, (s) => s.layoutMs), ' ms', 0)}`,
    );
  });
} finally {
  for (const browser of browsers) await browser.close();
  await stack.close();
}
