/**
 * `npx tsx test/bench/insert-bench.ts [rows] [runs]`: only the "row inserted after load → button"
 * latency of `npm run bench`, with every insertion listed (hostApp.addRow() at the end of the
 * list, createRow()+prepend at the top, alternately), to see the distribution behind the p95,
 * and each latency split into the host's part and the extension's (see probe.js insertTest).
 * Uses the built .output/chrome-mv3 (run `npm run build` first).
 */
import { startStack, examplePolicyFor } from '../e2e/support/stack';
import { importLocalConfig } from '../e2e/support/configure';
import { EXTENSION_DIR } from '../e2e/support/extension';
import { launchBenchBrowser } from './browsers';
import { measureLoad } from './page-bench';

const rows = Number(process.argv[2] ?? 10000);
const runs = Number(process.argv[3] ?? 3);
const stack = await startStack({ autoApprove: true });
const ext = await launchBenchBrowser(EXTENSION_DIR);
const round = (values: number[]) => values.map((x) => Math.round(x * 10) / 10);
try {
  const session = stack.host.control.login('emma');
  await ext.context.addCookies([{ name: session.name, value: session.value, url: stack.host.url }]);
  await importLocalConfig(ext.asExtensionBrowser(), examplePolicyFor(stack.emulator));
  for (let run = 1; run <= runs; run++) {
    const { insert } = await measureLoad(ext.context, 'ext', { hostUrl: stack.host.url, rows, settleMs: 1500 }, { insert: 40 });
    const raw = insert?.latencies ?? [];
    const sorted = [...raw].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
    console.log(`rows ${rows} run ${run}: median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${at(1).toFixed(1)} ms`);
    console.log(`  addRow  ${JSON.stringify(round(raw.filter((_, i) => i % 2 === 0)))}`);
    console.log(`  prepend ${JSON.stringify(round(raw.filter((_, i) => i % 2 === 1)))}`);
    // Split at the first MutationObserver notification: the host's own part, then the extension's.
    const extPart = [...(insert?.extMs ?? [])].sort((a, b) => a - b);
    const host = [...(insert?.hostMs ?? [])].sort((a, b) => a - b);
    const q = (v: number[], p: number) => v[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)] ?? NaN;
    console.log(`  first insertion: host's part ${(insert?.hostMs[0] ?? NaN).toFixed(1)} ms, extension's part ${(insert?.extMs[0] ?? NaN).toFixed(1)} ms`);
    console.log(`  host's part p95 ${q(host, 0.95).toFixed(1)} ms, max ${q(host, 1).toFixed(1)} ms; extension's part p95 ${q(extPart, 0.95).toFixed(1)} ms, max ${q(extPart, 1).toFixed(1)} ms`);
  }
} finally {
  await ext.close();
  await stack.close();
}
