import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { LoadTiming } from './load-modes';
import { BUTTON_CSS } from '../../utils/content/button-styles';

const here = import.meta.dirname;
const PROBE = readFileSync(path.join(here, 'page/probe.js'), 'utf8');

/** The alternative: Preact's UMD bundle from node_modules, then the per-row renderer. */
export function alternativeScript(): string {
  const preact = readFileSync(path.resolve(here, '../../node_modules/preact/dist/preact.min.umd.js'), 'utf8');
  const alt = readFileSync(path.join(here, 'page/alt-injector.js'), 'utf8').replace('__SWD_BUTTON_CSS__', JSON.stringify(BUTTON_CSS));
  // The UMD wrapper assigns window.preact when neither CommonJS nor AMD is around.
  return `${preact}\n;${alt}`;
}

/** none: no extension; ext: the built extension; alt: the straightforward alternative (no
 * extension, in-page script); floor: an extension whose content script is empty, with the same
 * matches and runAt (what merely having a content script there costs). */
export type Variant = 'none' | 'ext' | 'alt' | 'floor';

export interface LoadMetrics {
  variant: Variant;
  /** PerformanceNavigationTiming.domContentLoadedEventStart / loadEventStart, ms since navigation. */
  dcl: number;
  load: number;
  /** Sum of long-animation-frame durations from navigation until the end of the settle window. */
  loafMs: number;
  loafBlockingMs: number;
  loafCount: number;
  /** DOMContentLoaded → every row intersecting the viewport had a rendered button (null: never). */
  visibleMs: number | null;
  /** Frames after DOMContentLoaded painted while a row in view had no button. */
  framesWithMissing: number | null;
  /** Rendered buttons on the page at the end of the settle window. */
  buttons: number;
  /**
   * Chromium's own counters for the tab's renderer main thread from navigation to the end of the
   * settle window (CDP Performance.getMetrics, thread time: robust to other processes' load).
   */
  cpu: { threadMs: number; scriptMs: number; layoutMs: number; styleMs: number; layouts: number } | null;
}

export interface InsertMetrics {
  /** Insertion call → button host in the row (ms), per insertion; the first of each load first. */
  latencies: number[];
  /** The same split at the first MutationObserver notification: the host's part (its insertion
   * and the rest of its synchronous script) and the part after it (the injector's callback). */
  hostMs: number[];
  extMs: number[];
  timeouts: number;
  wrongCount: number;
  /** The renderer's layouts (and their thread time) from the first insertion until things settle. */
  layouts: RenderWork | null;
}

/** Layout passes and their main-thread time (CDP Performance counters) over some window. */
export interface RenderWork {
  layouts: number;
  layoutMs: number;
}

export interface ScrollMetrics {
  frames: number;
  /** Distinct rows that were in view in some frame; `complete` when the end of the list was reached. */
  rowsSeen: number;
  complete: boolean;
  missingRows: number;
  duplicates: number;
  maxMissingInFrame: number;
  ms: number;
  jumps: number;
  jumpMissingRows: number;
  /** Long-animation-frame time during the scroll (ms) and per frame. */
  loafMs: number;
}

export interface PageBenchOptions {
  hostUrl: string;
  rows: number;
  /** Quiet time after the load event before the page's figures are read. */
  settleMs: number;
}

const documentsUrl = (options: PageBenchOptions) => `${options.hostUrl}/documents?rows=${options.rows}`;

/**
 * The main thread's counters since the page was opened (CDP Performance.getMetrics, after
 * `Performance.enable` with thread ticks): thread, script, layout and style time, layouts. Null
 * when the page is gone.
 */
export function renderCounters(cdp: CDPSession): Promise<{ threadMs: number; scriptMs: number; layoutMs: number; styleMs: number; layouts: number } | null> {
  return cdp
    .send('Performance.getMetrics')
    .then(({ metrics }) => {
      const m = new Map(metrics.map((x) => [x.name, x.value]));
      const ms = (name: string) => (m.get(name) ?? 0) * 1000;
      return { threadMs: ms('ThreadTime'), scriptMs: ms('ScriptDuration'), layoutMs: ms('LayoutDuration'), styleMs: ms('RecalcStyleDuration'), layouts: m.get('LayoutCount') ?? 0 };
    })
    .catch(() => null);
}

/** The page's DOMContentLoaded and load event (domContentLoadedEventStart, loadEventStart; page ms). */
export async function navigationTimings(page: Page): Promise<LoadTiming> {
  return (await page.evaluate(
    `(() => { const n = performance.getEntriesByType('navigation')[0]; return { dcl: n.domContentLoadedEventStart, load: n.loadEventStart }; })()`,
  )) as LoadTiming;
}

/** Two frames and 300 ms: tasks, idle callbacks and frames that work left behind have run. */
const SETTLED = 'new Promise((resolve) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))), 300))';

/**
 * Loads the page, waits the settle window, then two more frames before any figure is read.
 * Chromium reports a long animation frame when the frame renders; the frame that holds the end
 * of parsing, Chromium's forced layout of the finished document and the load event (1-3 s on
 * 10,000 rows) is otherwise reported only if something happens to request a frame within the
 * settle window, which made the page's own LoAF sum jump between about 1 and 3 s from one load to
 * the next.
 */
async function loadAndSettle(page: Page, url: string, settleMs: number): Promise<void> {
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForTimeout(settleMs);
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 100))))');
}

/**
 * One measured load of /documents?rows=N in a fresh tab: the probe (and for `alt` the alternative
 * injector) goes in before any page script; the tab is closed afterwards.
 */
export async function measureLoad(
  context: BrowserContext,
  variant: Variant,
  options: PageBenchOptions,
  extra: { insert?: number; hostInsert?: number; scroll?: { maxFrames: number; maxMs: number; jumps: number } } = {},
): Promise<{ load: LoadMetrics; insert?: InsertMetrics; hostInsert?: RenderWork | null; hostInsertMs?: number[]; scroll?: ScrollMetrics }> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.addInitScript({ content: PROBE });
    if (variant === 'alt') await page.addInitScript({ content: alternativeScript() });
    await loadAndSettle(page, documentsUrl(options), options.settleMs);
    // Wait (bounded) for the start check to finish, so visibleMs is known.
    if (variant !== 'none') {
      await page.waitForFunction('window.__swdBench.visibleDone !== null', undefined, { timeout: 10_000 }).catch(() => undefined);
    }
    const load = (await page.evaluate(`(() => {
      const S = window.__swdBench;
      S.stopButtonLog && S.stopButtonLog();
      const nav = performance.getEntriesByType('navigation')[0];
      const until = performance.now();
      const loaf = S.loaf.filter((e) => e.start < until);
      let buttons = 0;
      for (const row of document.querySelectorAll('tr.doc-row')) buttons += S.buttonsIn(row);
      return {
        dcl: nav.domContentLoadedEventStart,
        load: nav.loadEventStart,
        loafMs: loaf.reduce((a, e) => a + e.duration, 0),
        loafBlockingMs: loaf.reduce((a, e) => a + e.blocking, 0),
        loafCount: loaf.length,
        visibleMs: S.visibleDone ? S.visibleDone.ms : null,
        framesWithMissing: S.visibleDone ? S.visibleDone.framesWithMissing : null,
        buttons,
      };
    })()`)) as Omit<LoadMetrics, 'variant' | 'cpu'>;
    const counters = () => renderCounters(cdp);
    const cpu = await counters();
    const result: { load: LoadMetrics; insert?: InsertMetrics; hostInsert?: RenderWork | null; hostInsertMs?: number[]; scroll?: ScrollMetrics } = {
      load: { variant, ...load, cpu },
    };
    /** Runs `insertions` and returns the layouts from its start until a settled page after it. */
    const layoutsDuring = async <T>(insertions: () => Promise<T>): Promise<[T, RenderWork | null]> => {
      const before = await counters();
      const value = await insertions();
      // Work the insertions left behind (a chunk of buttons further down, badges) runs in the next tasks and frames.
      await page.evaluate(SETTLED);
      const after = await counters();
      return [value, before && after ? { layouts: after.layouts - before.layouts, layoutMs: after.layoutMs - before.layoutMs } : null];
    };
    if (extra.insert) {
      const [insert, layouts] = await layoutsDuring(() => page.evaluate(`window.__swdBench.insertTest(${extra.insert})`) as Promise<Omit<InsertMetrics, 'layouts'>>);
      result.insert = { ...insert, layouts };
    }
    if (extra.hostInsert) {
      const [value, layouts] = await layoutsDuring(
        () => page.evaluate(`window.__swdBench.hostInsertTest(${extra.hostInsert})`) as Promise<{ hostMs: number[] }>,
      );
      result.hostInsert = layouts;
      result.hostInsertMs = value.hostMs;
    }
    await cdp.detach().catch(() => undefined);
    if (extra.scroll) result.scroll = await scrollTest(page, extra.scroll.maxFrames, extra.scroll.maxMs, extra.scroll.jumps);
    return result;
  } finally {
    await page.close();
  }
}

async function scrollTest(page: Page, maxFrames: number, maxMs: number, jumps: number): Promise<ScrollMetrics> {
  return (await page.evaluate(`(async () => {
    const S = window.__swdBench;
    window.scrollTo(0, 0);
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
    const loafFrom = performance.now();
    const scroll = await S.scrollTest(window.innerHeight, ${maxFrames}, ${maxMs});
    const loafMs = S.loaf.filter((e) => e.start >= loafFrom).reduce((a, e) => a + e.duration, 0);
    const jump = await S.jumpTest(${jumps});
    return { ...scroll, loafMs, jumps: jump.jumps, jumpMissingRows: jump.missingRows };
  })()`)) as ScrollMetrics;
}

export interface ExtensionWork {
  /** Main-thread time of the content script's own tasks (script, and any style/layout it forced), ms. */
  ms: number;
  /** The part of `ms` inside the page's long animation frames: what it added to their duration. */
  inLongFramesMs: number;
  calls: number;
  longestMs: number;
  /** Layouts and style recalculations started from the content script's own code. */
  forcedLayouts: number;
  /**
   * The part of `ms` before the page's DOMContentLoaded (domContentLoadedEventStart) and before its
   * load event (loadEventStart): on one main thread, script of ours that ran before an event is the
   * most it can have pushed that event back by itself (null: the page's timings were not given).
   */
  beforeDclMs: number | null;
  beforeLoadMs: number | null;
  /** The part of `ms` inside the page's DOMContentLoaded event dispatch: its listener, which writes
   * the first buttons (null: no such event on record). */
  inDclEventMs: number | null;
}

/**
 * One more load of the page with a Chromium trace, adding up what the extension's content script
 * itself ran on the host's main thread: every top-level script call from its file (evaluation at
 * document_start, event and observer callbacks, timers, frames), each including whatever style
 * and layout it forced. What its buttons add to the host's own layouts is not in here (the load
 * figures above hold it). Tracing slows script down, so this is an upper bound.
 */
export async function traceExtensionWork(context: BrowserContext, options: PageBenchOptions, extensionId: string): Promise<ExtensionWork> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await page.addInitScript({ content: PROBE });
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8.execute,blink.user_timing', transferMode: 'ReportEvents' });
    const url = documentsUrl(options);
    await loadAndSettle(page, url, options.settleMs);
    const loaf = (await page.evaluate('window.__swdBench.loaf')) as LongFrame[];
    const { dcl, load } = await navigationTimings(page);
    await cdp.send('Tracing.end');
    await complete;
    return extensionWorkIn(events, `chrome-extension://${extensionId}/`, { loaf, url, dcl, load });
  } finally {
    await page.close();
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: {
    data?: { url?: string; type?: string; stackTrace?: Array<{ url?: string }>; documentLoaderURL?: string; isLoadingMainFrame?: boolean };
    beginData?: { stackTrace?: Array<{ url?: string }> };
  };
}

/** A long animation frame as the probe records it (ms since the page's time origin). */
interface LongFrame {
  start: number;
  duration: number;
}

/**
 * The renderer main thread is where the page's HTML was parsed; top-level calls only (no double
 * counting). With the page's long animation frames, also the part of those calls inside them:
 * trace time is mapped to page time by the main frame's navigationStart mark (page time 0).
 */
export function extensionWorkIn(
  events: readonly TraceEvent[],
  urlPrefix: string,
  page?: { loaf: readonly LongFrame[]; url: string; dcl?: number; load?: number },
): ExtensionWork {
  const parse = events.find((e) => e.name === 'ParseHTML');
  const main = events.filter((e) => parse && e.pid === parse.pid && e.tid === parse.tid && e.ph === 'X').sort((a, b) => a.ts - b.ts);
  const ours = main.filter((e) => (e.name === 'FunctionCall' || e.name === 'EvaluateScript') && (e.args?.data?.url ?? '').startsWith(urlPrefix));
  const dclEvent = main.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'DOMContentLoaded');
  let inDclEventMs = dclEvent ? 0 : null;
  const navigationStart = page
    ? events.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame && e.args.data.documentLoaderURL === page.url)?.ts
    : undefined;
  let ms = 0;
  let inLongFramesMs = 0;
  let calls = 0;
  let longestMs = 0;
  let coveredUntil = -Infinity;
  const known = navigationStart !== undefined && page !== undefined;
  let beforeDclMs = known && page.dcl !== undefined ? 0 : null;
  let beforeLoadMs = known && page.load !== undefined ? 0 : null;
  /** How much of [start, start + dur) lies before `until` (page ms). */
  const before = (start: number, dur: number, until: number) => Math.max(0, Math.min(start + dur, until) - start);
  for (const e of ours) {
    if (e.ts < coveredUntil) continue;
    const dur = (e.dur ?? 0) / 1000;
    coveredUntil = e.ts + (e.dur ?? 0);
    ms += dur;
    calls++;
    longestMs = Math.max(longestMs, dur);
    if (dclEvent && inDclEventMs !== null) {
      inDclEventMs += Math.max(0, Math.min(e.ts + (e.dur ?? 0), dclEvent.ts + (dclEvent.dur ?? 0)) - Math.max(e.ts, dclEvent.ts)) / 1000;
    }
    if (navigationStart === undefined || !page) continue;
    const start = (e.ts - navigationStart) / 1000;
    if (beforeDclMs !== null && page.dcl !== undefined) beforeDclMs += before(start, dur, page.dcl);
    if (beforeLoadMs !== null && page.load !== undefined) beforeLoadMs += before(start, dur, page.load);
    for (const frame of page.loaf) {
      const overlap = Math.min(start + dur, frame.start + frame.duration) - Math.max(start, frame.start);
      if (overlap > 0) inLongFramesMs += overlap;
    }
  }
  const forcedLayouts = main.filter(
    (e) => (e.name === 'Layout' || e.name === 'UpdateLayoutTree') && (e.args?.beginData?.stackTrace ?? e.args?.data?.stackTrace ?? []).some((f) => (f.url ?? '').startsWith(urlPrefix)),
  ).length;
  return { ms, inLongFramesMs, calls, longestMs, forcedLayouts, beforeDclMs, beforeLoadMs, inDclEventMs };
}
