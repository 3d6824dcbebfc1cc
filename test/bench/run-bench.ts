/**
 * `npm run bench` (tsx test/bench/run-bench.ts): what the extension costs a long host page, in
 * real Chromium, against the same page without the extension and against a straightforward
 * alternative (a Preact shadow root per row on every row, from a MutationObserver), plus content
 * script size, DocuSign API calls per send and a 30 MiB document end to end.
 *
 *   --runs N        measured loads per variant (default 5, medians; one warm-up load each first)
 *   --rows N        rows on the host page (default 10000)
 *   --no-build      use the existing .output/chrome-mv3 (default: `npx wxt build` first)
 *   --ext-dir DIR   measure this built chrome-mv3 directory instead (implies --no-build)
 *   --scroll-seconds S  time budget of the one-viewport-per-frame scroll through the list (default 30;
 *                   each frame of a 10,000-row table costs the host 100-400 ms here, so the whole
 *                   list (500 frames) needs --scroll-seconds 200 or so; random jumps cover the rest)
 *   --no-send       skip the send measurements (API calls, 30 MiB document)
 *   --floor         also load the page with an extension whose content script is empty (same
 *                   matches and runAt): what Chromium's injection alone costs the page
 *
 * Prints figures with a short explanation each; the last line is one JSON object.
 * Figures are wall-clock times on a shared machine: compare ratios and runs, not absolute values.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, cpus, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXTENSION_DIR } from '../e2e/support/extension';
import { startStack, type Stack } from '../e2e/support/stack';
import { assertBuilt, emptyExtensionLike, launchBenchBrowser, type BenchBrowser } from './browsers';
import { measureLoad, traceExtensionWork, type ExtensionWork, type InsertMetrics, type LoadMetrics, type RenderWork, type ScrollMetrics, type Variant } from './page-bench';
import { CHROMIUM_EXTENSION_ID } from '../../utils/extension-identity';
import { measureSends, type SendReport } from './send-bench';
import { measureRelayout } from './relayout';
import { contentScriptSize, sendModuleSize } from './size';
import { fmt, median, percentile, ratio, round } from './stats';
import { sameKindDelay, slowThreshold } from './load-modes';

const root = path.resolve(import.meta.dirname, '../..');
const started = Date.now();
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    rows: { type: 'string', default: '10000' },
    'no-build': { type: 'boolean', default: false },
    'ext-dir': { type: 'string' },
    'scroll-seconds': { type: 'string', default: '30' },
    'no-send': { type: 'boolean', default: false },
    floor: { type: 'boolean', default: false },
  },
});
const runs = Math.max(1, Number(args.runs));
const rows = Math.max(1, Math.min(10_000, Number(args.rows)));
const extDir = args['ext-dir'] ? path.resolve(args['ext-dir']) : EXTENSION_DIR;
/** Rows inserted per measured load (the first of each load included: its host code runs for the first time). */
const INSERTS_PER_LOAD = 16;
const SETTLE_MS = 1500;
/** Extra loads with a Chromium trace, for the content script's own main-thread work. */
const TRACED_LOADS = 7;

const log = (line = '') => console.log(line);
const section = (title: string) => log(`\n== ${title}`);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

async function main() {
  log(`Send with DocuSign benchmark: ${rows} rows, ${runs} runs per variant, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}`);
  if (loadavg()[0]! > cpus().length) {
    log(`WARNING: the machine is busy (load average above the CPU count): wall-clock figures (delays, LoAF, latencies) will be`);
    log(`inflated and noisy; the CPU-time counters and the comparison with the alternative in the same run hold up better.`);
  }
  if (!args['no-build'] && !args['ext-dir']) {
    section('build (npx wxt build)');
    const build = spawnSync('npx', ['wxt', 'build'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`wxt build failed:\n${build.stdout}\n${build.stderr}`);
    log('built .output/chrome-mv3');
  }
  assertBuilt(extDir);

  // ---- content script size
  section('content script size');
  const size = await contentScriptSize(extDir, root);
  log(`${path.relative(root, size.file)}: ${size.rawBytes} bytes minified, ${size.gzipBytes} bytes gzip -9 (${(size.gzipBytes / 1024).toFixed(1)} KiB; goal ≤ 20 KiB)`);
  const sendModule = sendModuleSize(extDir);
  log(`${path.relative(root, sendModule.file)} (the send flow, injected only when a user is about to send): ${sendModule.rawBytes} bytes minified, ${sendModule.gzipBytes} bytes gzip -9`);
  if (size.top) {
    log('largest inputs (esbuild re-bundle, minified bytes before gzip):');
    for (const t of size.top) log(`  ${String(t.bytes).padStart(7)}  ${t.input}`);
  } else if (size.topNote) log(size.topNote);

  const logDir = await mkdtemp(path.join(tmpdir(), 'swd-bench-log-'));
  const logFile = path.join(logDir, 'emulator.jsonl');
  let stack: Stack | null = null;
  const browsers: BenchBrowser[] = [];
  let floorDir: string | null = null;
  try {
    stack = await startStack({ autoApprove: true, logFile });
    const ext = await launchBenchBrowser(extDir);
    browsers.push(ext);
    const plain = await launchBenchBrowser(null);
    browsers.push(plain);
    floorDir = args.floor ? await emptyExtensionLike(extDir) : null;
    const floor = floorDir ? await launchBenchBrowser(floorDir) : null;
    if (floor) browsers.push(floor);
    const session = stack.host.control.login('emma');
    for (const b of browsers) await b.context.addCookies([{ name: session.name, value: session.value, url: stack.host.url }]);
    // The extension configured as in the README (Emma → Acme EU), so buttons get their real label.
    const { importLocalConfig } = await import('../e2e/support/configure');
    const { examplePolicyFor } = await import('../e2e/support/stack');
    await importLocalConfig(ext.asExtensionBrowser(), examplePolicyFor(stack.emulator));

    // ---- page loads, interleaved: none / ext / alt in rotating order
    section(`page loads (/documents?rows=${rows}): ${runs} measured loads per variant, interleaved`);
    const contextOf = (v: Variant) => (v === 'ext' ? ext.context : v === 'floor' && floor ? floor.context : plain.context);
    const options = { hostUrl: stack.host.url, rows, settleMs: SETTLE_MS };
    const loads: Record<Variant, LoadMetrics[]> = { none: [], ext: [], alt: [], floor: [] };
    const inserts: Record<'ext' | 'alt', InsertMetrics[]> = { ext: [], alt: [] };
    const scrolls: Partial<Record<'ext' | 'alt', ScrollMetrics>> = {};
    /** The same insertions without any extension: the layouts the host's own rendering takes. */
    const hostInserts: RenderWork[] = [];
    /** …and the host's own part of each (insertion call → first MutationObserver notification). */
    const hostOnlyInsertMs: number[] = [];
    const variants: Variant[] = floor ? ['none', 'ext', 'alt', 'floor'] : ['none', 'ext', 'alt'];
    for (const v of variants) await measureLoad(contextOf(v), v, options); // warm-up (HTTP, V8 caches)
    const scrollFrames = Math.ceil((rows * 40) / 800) + 20;
    const scrollMs = Number(args['scroll-seconds']) * 1000;
    for (let run = 0; run < runs; run++) {
      for (let k = 0; k < variants.length; k++) {
        const v = variants[(run + k) % variants.length]!;
        const extra =
          v === 'none' || v === 'floor'
            ? { hostInsert: INSERTS_PER_LOAD }
            : {
                insert: INSERTS_PER_LOAD,
                // The full-list scroll once for the extension; a short one for the alternative
                // (it decorated every row at load, so it cannot miss one).
                ...(run === 0
                  ? { scroll: v === 'ext' ? { maxFrames: scrollFrames, maxMs: scrollMs, jumps: 20 } : { maxFrames: 20, maxMs: 10_000, jumps: 5 } }
                  : {}),
              };
        const r = await measureLoad(contextOf(v), v, options, extra);
        loads[v].push(r.load);
        if (r.insert && (v === 'ext' || v === 'alt')) inserts[v].push(r.insert);
        if (r.hostInsert && v === 'none') hostInserts.push(r.hostInsert);
        if (r.hostInsertMs && v === 'none') hostOnlyInsertMs.push(...r.hostInsertMs);
        if (r.scroll && (v === 'ext' || v === 'alt')) scrolls[v] = r.scroll;
        const l = r.load;
        log(
          `  run ${run + 1} ${v.padEnd(4)} DCL ${fmt(l.dcl, ' ms', 0)}, load ${fmt(l.load, ' ms', 0)}, LoAF ${fmt(l.loafMs, ' ms', 0)} (${l.loafCount}), ` +
            `visible buttons ${v === 'none' || v === 'floor' ? '-' : fmt(l.visibleMs, ' ms')} after DCL, buttons ${l.buttons}` +
            (r.insert ? `, insert p95 ${fmt(percentile(r.insert.latencies, 95), ' ms', 2)}` : '') +
            (r.scroll ? `, scroll ${r.scroll.frames} frames: ${r.scroll.missingRows} rows painted without button` : '') +
            `  [${elapsed()}]`,
        );
      }
    }

    // The content script's own main-thread work, from Chromium traces of extra loads: a direct
    // figure next to the differences above, which carry the host page's load-to-load noise.
    const traced: ExtensionWork[] = [];
    for (let i = 0; i < TRACED_LOADS; i++) traced.push(await traceExtensionWork(ext.context, options, CHROMIUM_EXTENSION_ID));

    // A change inside a button once the page is laid out (a badge, a label), in a later load: its
    // buttons have the size an earlier load measured (sizeButtons).
    const relayoutPage = await ext.context.newPage();
    await relayoutPage.goto(`${stack.host.url}/documents?rows=${rows}`, { waitUntil: 'load' });
    await relayoutPage.waitForTimeout(SETTLE_MS);
    const relayout = await measureRelayout(relayoutPage);
    await relayoutPage.close();

    const med = (v: Variant, f: (l: LoadMetrics) => number | null) => median(loads[v].map(f).filter((x): x is number => x !== null));
    /** Median over runs of (variant − no extension) in the same run: loads are interleaved, so
     * each pair saw the same machine load. */
    const diffsOf = (v: Variant, f: (l: LoadMetrics) => number | null | undefined) => {
      const diffs: number[] = [];
      loads[v].forEach((l, i) => {
        const base = loads.none[i];
        const a = f(l);
        const b = base ? f(base) : null;
        if (a !== null && a !== undefined && b !== null && b !== undefined) diffs.push(a - b);
      });
      return diffs;
    };
    const delta = (v: Variant, f: (l: LoadMetrics) => number | null | undefined) => median(diffsOf(v, f));
    /** The runs' differences from lowest to highest: how much of a median is noise. */
    const spread = (v: Variant, f: (l: LoadMetrics) => number | null | undefined) => {
      const diffs = diffsOf(v, f);
      return diffs.length > 1 ? ` (runs ${fmt(Math.min(...diffs), '', 0)} to ${fmt(Math.max(...diffs), '', 0)})` : '';
    };
    const dclDelay = delta('ext', (l) => l.dcl);
    const loadDelay = delta('ext', (l) => l.load);
    const addedLoaf = delta('ext', (l) => l.loafMs);
    const altDclDelay = delta('alt', (l) => l.dcl);
    const altLoadDelay = delta('alt', (l) => l.load);
    const altAddedLoaf = delta('alt', (l) => l.loafMs);
    const cpuOf = (v: Variant) => ({
      thread: delta(v, (l) => l.cpu?.threadMs),
      script: delta(v, (l) => l.cpu?.scriptMs),
      layout: delta(v, (l) => l.cpu?.layoutMs),
      style: delta(v, (l) => l.cpu?.styleMs),
      layouts: delta(v, (l) => l.cpu?.layouts),
    });
    const extCpu = cpuOf('ext');
    const altCpu = cpuOf('alt');
    const visible = med('ext', (l) => l.visibleMs);
    const altVisible = med('alt', (l) => l.visibleMs);
    const extInsert = inserts.ext.flatMap((i) => i.latencies);
    const altInsert = inserts.alt.flatMap((i) => i.latencies);
    const insertP95 = percentile(extInsert, 95);
    const altInsertP95 = percentile(altInsert, 95);
    const extPart = inserts.ext.flatMap((i) => i.extMs);
    const hostPart = inserts.ext.flatMap((i) => i.hostMs);
    const altExtPart = inserts.alt.flatMap((i) => i.extMs);
    const laterInserts = inserts.ext.flatMap((i) => i.latencies.slice(1));
    const firstInserts = inserts.ext.map((i) => i.latencies[0]).filter((x): x is number => x !== undefined);
    const extPartP95 = percentile(extPart, 95);
    const extScroll = scrolls.ext;

    section('page figures (delays and added figures: median over runs of the difference to the same run without any extension)');
    log(`baseline (no extension): DCL ${fmt(med('none', (l) => l.dcl), ' ms', 0)}, load ${fmt(med('none', (l) => l.load), ' ms', 0)}, LoAF ${fmt(med('none', (l) => l.loafMs), ' ms', 0)}`);
    log(`DOMContentLoaded delay           ${fmt(dclDelay, ' ms')}${spread('ext', (l) => l.dcl)} (goal ≤ 16)   alternative ${fmt(altDclDelay, ' ms')}`);
    log(`load event delay                 ${fmt(loadDelay, ' ms')}${spread('ext', (l) => l.load)} (goal ≤ 16)   alternative ${fmt(altLoadDelay, ' ms')}`);
    const slowAfter = slowThreshold(variants.flatMap((v) => loads[v]));
    const slowOf = (v: Variant) => loads[v].filter((l) => l.dcl > slowAfter).length;
    const dclSameKind = sameKindDelay(loads.ext, loads.none, (l) => l.dcl, slowAfter);
    const loadSameKind = sameKindDelay(loads.ext, loads.none, (l) => l.load, slowAfter);
    log(`  slow loads (DOMContentLoaded after ${fmt(slowAfter, ' ms', 0)}, 1.5× the run's median; the host page does this now and then with or`);
    log(`  without an extension, see load-modes.ts): none ${slowOf('none')}/${loads.none.length}, ext ${slowOf('ext')}/${loads.ext.length}, alt ${slowOf('alt')}/${loads.alt.length}` +
      (floor ? `, floor ${slowOf('floor')}/${loads.floor.length}` : ''));
    log(`  the other loads only (median ext − median none, ${dclSameKind.variantLoads} vs ${dclSameKind.baselineLoads} loads): ` +
      `DOMContentLoaded ${fmt(dclSameKind.delayMs, ' ms')}, load ${fmt(loadSameKind.delayMs, ' ms')}`);
    if (floor) {
      log(`  an empty content script with the same matches/runAt: DCL ${fmt(delta('floor', (l) => l.dcl), ' ms')}, load ${fmt(delta('floor', (l) => l.load), ' ms')}, ` +
        `LoAF ${fmt(delta('floor', (l) => l.loafMs), ' ms')}, CPU ${fmt(delta('floor', (l) => l.cpu?.threadMs), ' ms')} (Chromium's injection alone)`);
    } else {
      log(`  (--floor adds an empty content script with the same runAt: what Chromium's injection alone costs; note that at`);
      log(`  document_idle Chromium holds the load event until it has injected, after the host's first frames)`);
    }
    log(`added long-animation-frame time  ${fmt(addedLoaf, ' ms')}${spread('ext', (l) => l.loafMs)} (goal ≤ 50)   alternative ${fmt(altAddedLoaf, ' ms')} (${ratio(addedLoaf, altAddedLoaf)} ours)`);
    log(`  sum of LoAF durations from navigation to ${SETTLE_MS} ms after load and two more frames (wall time: the machine's other`);
    log(`  load shows up here, and how often the host's streamed table is laid out while it loads varies from load to load).`);
    log(`added main-thread CPU time        ${fmt(extCpu.thread, ' ms')}${spread('ext', (l) => l.cpu?.threadMs)} (script ${fmt(extCpu.script, ' ms')}, style ${fmt(extCpu.style, ' ms')}, layout ${fmt(extCpu.layout, ' ms')}, ` +
      `layouts ${fmt(extCpu.layouts, '', 0)})   alternative ${fmt(altCpu.thread, ' ms')} (script ${fmt(altCpu.script, ' ms')}, style ${fmt(altCpu.style, ' ms')}, layout ${fmt(altCpu.layout, ' ms')}) (${ratio(extCpu.thread, altCpu.thread)} ours)`);
    log(`  Chromium's thread-time counters for the tab's main thread (CDP Performance.getMetrics), same window: less noisy than LoAF.`);
    const ownMs = median(traced.map((w) => w.ms));
    const ownInLoafMs = median(traced.map((w) => w.inLongFramesMs));
    log(`content script's own main-thread work during the load ${fmt(ownMs, ' ms')}, of which inside long animation frames ${fmt(ownInLoafMs, ' ms')} (goal for added LoAF ≤ 50)`);
    log(`  loads: ${traced.map((w) => `${fmt(w.ms, '', 1)} (in LoAF ${fmt(w.inLongFramesMs, '', 1)})`).join(', ')} ms; ${traced.map((w) => w.calls).join(', ')} calls, ` +
      `longest ${traced.map((w) => fmt(w.longestMs, '', 1)).join(', ')} ms; layouts it forced: ${traced.map((w) => w.forcedLayouts).join(', ')}`);
    const ownBeforeDclMs = median(traced.map((w) => w.beforeDclMs).filter((x): x is number => x !== null));
    const ownBeforeLoadMs = median(traced.map((w) => w.beforeLoadMs).filter((x): x is number => x !== null));
    log(`  of it before DOMContentLoaded ${fmt(ownBeforeDclMs, ' ms')} (${traced.map((w) => fmt(w.beforeDclMs, '', 1)).join(', ')}), before the load event ` +
      `${fmt(ownBeforeLoadMs, ' ms')} (${traced.map((w) => fmt(w.beforeLoadMs, '', 1)).join(', ')}) (goal for either delay ≤ 16): on one main thread,`);
    log(`  the most its own script can push each event back; Chromium's injection itself: --floor, the buttons' share of the host's layout: above.`);
    const ownInDclEventMs = median(traced.map((w) => w.inDclEventMs).filter((x): x is number => x !== null));
    log(`  of it inside the DOMContentLoaded dispatch (its listener: the first buttons, the observers) ${fmt(ownInDclEventMs, ' ms')} ` +
      `(${traced.map((w) => fmt(w.inDclEventMs, '', 1)).join(', ')})`);
    log(`  Chromium trace of ${TRACED_LOADS} more loads: every top-level call into the content script on the host's main thread (its evaluation at`);
    log(`  document_start, callbacks, timers, frames) with the style and layout it forced; tracing slows script, so an upper bound. Not in it:`);
    log(`  what its buttons add to the host's own style and layout passes (in the load figures above, with their noise).`);
    log(`buttons for every row in view    ${fmt(visible, ' ms')} after DOMContentLoaded; frames painted with a row in view lacking its button: ` +
      `${loads.ext.map((l) => l.framesWithMissing ?? 'n/a').join(', ')}   alternative ${fmt(altVisible, ' ms')} (${ratio(visible, altVisible)} ours)`);
    log(`  measured in the page: a MutationObserver notes when each row gets a rendered button; each frame is checked right before`);
    log(`  it paints (after every rAF callback and layout). The content script runs at document_start and decorates on DOMContentLoaded.`);
    log(`rendered buttons after load      ${loads.ext.map((l) => l.buttons).join(', ')} (lazy: rows near the viewport)   alternative ${loads.alt.map((l) => l.buttons).join(', ')}`);
    log(`row inserted after load → button p95 ${fmt(insertP95, ' ms', 2)} (goal ≤ 1; ${extInsert.length} insertions, max ${fmt(Math.max(...extInsert), ' ms', 2)}, ` +
      `timeouts ${inserts.ext.reduce((a, i) => a + i.timeouts, 0)}, rows without exactly one button ${inserts.ext.reduce((a, i) => a + i.wrongCount, 0)})   alternative ${fmt(altInsertP95, ' ms', 2)}`);
    log(`  hostApp.addRow() (end of the list, far off screen) and createRow()+prepend (top, in view), alternately, ${INSERTS_PER_LOAD} per load.`);
    log(`  split at the first MutationObserver notification (an observer created before any other):`);
    /** "median …, p95 …, max …" of latencies in ms. */
    const spreadOfMs = (ms: number[]) => `median ${fmt(median(ms), ' ms', 2)}, p95 ${fmt(percentile(ms, 95), ' ms', 2)}, max ${fmt(Math.max(...ms), ' ms', 2)}`;
    log(`    the host's part (its insertion and the rest of its script, before any observer can run): ${spreadOfMs(hostPart)}`);
    log(`    the host's part in the same insertions in the loads without any extension: ${spreadOfMs(hostOnlyInsertMs)} (${hostOnlyInsertMs.length} insertions)`);
    log(`    the extension's part (first notification → button in the row): ${spreadOfMs(extPart)}   alternative p95 ${fmt(percentile(altExtPart, 95), ' ms', 2)}`);
    log(`  first insertion of each load (the host's and the probe's code run for the first time): ${firstInserts.map((x) => fmt(x, '', 1)).join(', ')} ms ` +
      `(host's part ${inserts.ext.map((i) => fmt(i.hostMs[0] ?? null, '', 1)).join(', ')}; extension's part ${inserts.ext.map((i) => fmt(i.extMs[0] ?? null, '', 1)).join(', ')}); ` +
      `the others: p95 ${fmt(percentile(laterInserts, 95), ' ms', 2)}`);
    const perInsert = (works: readonly (RenderWork | null)[], f: (w: RenderWork) => number) =>
      median(works.filter((w): w is RenderWork => w !== null).map((w) => f(w) / INSERTS_PER_LOAD));
    const extLayouts = perInsert(inserts.ext.map((i) => i.layouts), (w) => w.layouts);
    const hostLayouts = perInsert(hostInserts, (w) => w.layouts);
    const addedLayoutsPerInsert = extLayouts !== null && hostLayouts !== null ? extLayouts - hostLayouts : null;
    log(`layouts per inserted row         ${fmt(extLayouts, '', 2)} with the extension, ${fmt(hostLayouts, '', 2)} without (goal: no more; ` +
      `layout time per row ${fmt(perInsert(inserts.ext.map((i) => i.layouts), (w) => w.layoutMs), ' ms', 0)} vs ${fmt(perInsert(hostInserts, (w) => w.layoutMs), ' ms', 0)})   ` +
      `alternative ${fmt(perInsert(inserts.alt.map((i) => i.layouts), (w) => w.layouts), '', 2)}`);
    log(`  the same ${INSERTS_PER_LOAD} insertions in the loads without extension; Chromium's layout counter from the first insertion until 300 ms`);
    log(`  and two frames after the last: a button written after the host's layout (a chunk further down, a badge) would add one.`);
    log(`badge shown in a button (forced layout) ${fmt(median(relayout.badgeShown), ' ms')} (${relayout.badgeShown.map((v) => fmt(v, '', 1)).join(', ')}), ` +
      `label changed ${fmt(median(relayout.labelChanged), ' ms')}; buttons' size ${relayout.contain === 'none' ? 'not fixed' : `fixed (contain: ${relayout.contain})`}`);
    log(`  the host adding a span to one of its cells: ${fmt(median(relayout.hostSpan), ' ms')} (its table laid out again; test/bench/relayout-bench.ts compares loads)`);
    if (extScroll) {
      log(`scrolled rows painted without button ${extScroll.missingRows} (goal 0): ${extScroll.frames} frames of one viewport each (${fmt(extScroll.ms / 1000, ' s')}), ` +
        `${extScroll.rowsSeen} rows seen${extScroll.complete ? ' (the whole list)' : ` (time budget reached; --scroll-seconds for more)`}, ` +
        `duplicates ${extScroll.duplicates}; ${extScroll.jumps} random jumps: ${extScroll.jumpMissingRows} rows painted without button`);
      log(`  LoAF during that scroll: ${fmt(extScroll.loafMs, ' ms', 0)}` +
        (scrolls.alt ? `; alternative (${scrolls.alt.frames} frames): ${scrolls.alt.missingRows} rows without button` : ''));
    }

    // ---- sends
    let send: SendReport | null = null;
    if (!args['no-send']) {
      section('sends through the UI (emulator request log)');
      send = await measureSends(ext, stack, logFile);
      log(`DocuSign API calls per send, embedded: ${send.apiCallsEmbedded ?? 'n/a'} (goal 2) ${JSON.stringify(send.embeddedCalls)}`);
      log(`DocuSign API calls per send, direct, one call (profile "directSend": "one-call"): ${send.apiCallsDirectOneCall ?? 'n/a'} (goal 1) ${JSON.stringify(send.directOneCallCalls)}`);
      log(`DocuSign API calls per send, direct, draft first (the default): ${send.apiCallsDirect ?? 'n/a'} (a draft, then its send; see README "Drafts first") ${JSON.stringify(send.directCalls)}`);
      log(`  not counted above: one duplicate check per account about 20 s later (GET by transactionId), shared by up to 50 sends`);
      log(`/oauth/userinfo calls during those sends: ${send.userinfoCalls ?? 'n/a'} (cached: 0)`);
      log(`30 MiB PDF, direct mode: ${fmt(send.bigDocMs, ' ms', 0)} of extension time` +
        (send.bigDocPhases ? ` (click → confirm dialog ${send.bigDocPhases.untilConfirmMs} ms, Send now → "Sent" ${send.bigDocPhases.afterConfirmMs} ms)` : ''));
      log(`  peak memory: +${fmt(send.bigDocPeakMb, ' MB')} RSS of the browser's renderer processes (tab + extension), tab JS heap +${fmt(send.bigDocTabHeapMb, ' MB')}`);
      for (const note of send.notes) log(`  NOTE: ${note}`);
    }

    const json = {
      injectP95MsInserted: round(insertP95, 3),
      injectP95MsExtensionPart: round(extPartP95, 3),
      hostInsertP95MsNoExtension: round(percentile(hostOnlyInsertMs, 95), 3),
      addedLayoutsPerInsert: round(addedLayoutsPerInsert, 2),
      dclDelayMs10k: round(dclDelay),
      loadDelayMs10k: round(loadDelay),
      dclDelayMs10kUsualLoads: round(dclSameKind.delayMs),
      loadDelayMs10kUsualLoads: round(loadSameKind.delayMs),
      slowLoads10k: { none: slowOf('none'), ext: slowOf('ext'), alt: slowOf('alt') },
      addedLoafMs10k: round(addedLoaf),
      extensionMainThreadMsLoad10k: round(ownMs),
      extensionMsInLongFrames10k: round(ownInLoafMs),
      extensionMsBeforeDcl10k: round(ownBeforeDclMs),
      extensionMsBeforeLoad10k: round(ownBeforeLoadMs),
      extensionMsInDclEvent10k: round(ownInDclEventMs),
      visibleButtonsMsAfterDcl10k: round(visible),
      badgeRelayoutMs10k: round(median(relayout.badgeShown)),
      hostCellRelayoutMs10k: round(median(relayout.hostSpan)),
      scrolledRowsPaintedWithoutButton: extScroll ? extScroll.missingRows + extScroll.jumpMissingRows : null,
      baselineDclDelayMs10k: round(altDclDelay),
      baselineAddedLoafMs10k: round(altAddedLoaf),
      contentScriptGzipBytes: size.gzipBytes,
      sendModuleGzipBytes: sendModule.gzipBytes,
      apiCallsEmbedded: send?.apiCallsEmbedded ?? null,
      apiCallsDirect: send?.apiCallsDirect ?? null,
      apiCallsDirectOneCall: send?.apiCallsDirectOneCall ?? null,
      bigDocMs: round(send?.bigDocMs ?? null, 0),
      bigDocPeakMb: round(send?.bigDocPeakMb ?? null),
    };
    section(`done in ${elapsed()} ("baseline…" keys: the straightforward alternative; rows=${rows}, runs=${runs})`);
    log(JSON.stringify(json));
  } finally {
    for (const b of browsers) await b.close();
    await stack?.close();
    await rm(logDir, { recursive: true, force: true });
    if (floorDir) await rm(floorDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
