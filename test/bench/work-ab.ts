/**
 * `npx tsx test/bench/work-ab.ts [--rounds 3] [--loads 5] [--rows 10000] dirA dirB…`: the content
 * script's own main-thread work on the demo page for two or more builds of the extension (built
 * extension directories, e.g. copies of .output/chrome-mv3 before and after a change), from a
 * Chromium trace of every load (traceExtensionWork, as `npm run bench` does for 7 loads).
 * Each round starts a fresh browser per build, in turn, starting one build further each round;
 * a browser's first load (cold caches) is left out. Prints, per build, the medians of the work
 * before DOMContentLoaded, before the load event, inside the DOMContentLoaded dispatch, and in all.
 *
 * Why not the page's own timings: with 20 loads per variant their medians still move by about
 * ±100 ms (load-bench.ts); the traced work moves by a few ms.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startStack, examplePolicyFor } from '../e2e/support/stack';
import { importLocalConfig } from '../e2e/support/configure';
import { CHROMIUM_EXTENSION_ID } from '../../utils/extension-identity';
import { assertBuilt, launchBenchBrowser } from './browsers';
import { traceExtensionWork, type ExtensionWork } from './page-bench';
import { fmt, median } from './stats';

const args = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '3' }, loads: { type: 'string', default: '5' }, rows: { type: 'string', default: '10000' } },
});
const rounds = Math.max(1, Number(args.values.rounds));
const loads = Math.max(2, Number(args.values.loads));
const rows = Math.max(1, Math.min(10_000, Number(args.values.rows)));
const dirs = args.positionals.map((d) => path.resolve(d));
if (dirs.length < 2) {
  console.error('usage: npx tsx test/bench/work-ab.ts [--rounds 3] [--loads 5] [--rows 10000] dirA dirB…');
  process.exit(2);
}
for (const dir of dirs) assertBuilt(dir);

const stack = await startStack({ autoApprove: true });
const work = new Map<string, ExtensionWork[]>(dirs.map((d) => [d, []]));
try {
  const session = stack.host.control.login('emma');
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < dirs.length; k++) {
      const dir = dirs[(k + round) % dirs.length]!;
      const browser = await launchBenchBrowser(dir);
      try {
        await browser.context.addCookies([{ name: session.name, value: session.value, url: stack.host.url }]);
        await importLocalConfig(browser.asExtensionBrowser(), examplePolicyFor(stack.emulator));
        for (let i = 0; i < loads; i++) {
          const w = await traceExtensionWork(browser.context, { hostUrl: stack.host.url, rows, settleMs: 1500 }, CHROMIUM_EXTENSION_ID);
          if (i > 0) work.get(dir)!.push(w);
        }
      } finally {
        await browser.close();
      }
    }
  }
  const med = (ws: ExtensionWork[], pick: (w: ExtensionWork) => number | null) => median(ws.map(pick).filter((x): x is number => x !== null));
  for (const [dir, ws] of work) {
    console.log(
      `${path.relative(process.cwd(), dir)}: ${ws.length} loads of ${rows} rows; before DOMContentLoaded ${fmt(med(ws, (w) => w.beforeDclMs), ' ms')}, ` +
        `before load ${fmt(med(ws, (w) => w.beforeLoadMs), ' ms')}, in the DOMContentLoaded dispatch ${fmt(med(ws, (w) => w.inDclEventMs), ' ms')}, ` +
        `all ${fmt(med(ws, (w) => w.ms), ' ms')}`,
    );
    console.log(`  in the DOMContentLoaded dispatch per load: ${ws.map((w) => fmt(w.inDclEventMs, '', 1)).join(', ')}`);
  }
} finally {
  await stack.close();
}
