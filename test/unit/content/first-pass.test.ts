import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { earlyLookNeeded, firstPassCount, watchItemHeight } from '../../../utils/content/first-pass';
import { DEMO_HOST_ADAPTER } from '../../../utils/host/builtin-adapters';

describe('firstPassCount', () => {
  it.each([
    // viewport px, viewports, hint → items
    [800, 3, null, 150], // no hint: 16 px items
    [800, 3, 40, 80], // 40 px rows measured: room for rows down to 30 px
    [800, 3, 20, 150], // 20 × 0.75 = 15 px: never below 16 px
    [800, 3, 400, 16], // tall items: never fewer than 16
    [1200, 3, null, 160], // capped
    [720, 3, 41, 71],
    [800, 3, 0, 150], // a hidden first item measures 0: no hint
    [800, 3, -5, 150],
    [800, 3, Number.NaN, 150],
    [800, 3, Number.POSITIVE_INFINITY, 150],
    [0, 3, 40, 16],
  ])('viewport %d px × %d, hint %s → %d', (viewport, viewports, hint, expected) => {
    expect(firstPassCount(viewport, viewports, hint)).toBe(expected);
  });
});

/** A stand-in IntersectionObserver whose reports the test sends (happy-dom has no layout). */
class FakeObserver {
  static last: FakeObserver | null = null;
  observed: Element[] = [];
  disconnected = false;
  constructor(readonly callback: (entries: Array<{ target: Element; boundingClientRect: { height: number } }>) => void) {
    FakeObserver.last = this;
  }
  observe(el: Element) {
    this.observed.push(el);
  }
  disconnect() {
    this.disconnected = true;
  }
  report(heights: number[]) {
    this.callback(heights.map((height, i) => ({ target: this.observed[i]!, boundingClientRect: { height } })));
  }
}

describe('watchItemHeight', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  /** A table whose second row is not an item; the watch starts on the first row. */
  const setup = () => {
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    document.body.innerHTML = '<table><tbody><tr class="doc-row"></tr><tr class="other"></tr><tr class="doc-row"></tr><tr class="doc-row"></tr><tr class="doc-row"></tr></tbody></table>';
    const rows = [...document.querySelectorAll('tr')];
    const ctx = new ContentScriptContext('test');
    const watch = watchItemHeight(ctx, rows[0]!, 'tr.doc-row');
    return { rows, ctx, watch, io: FakeObserver.last! };
  };

  it('watches the first three matching items and keeps the smallest height reported; read() stops the watch', () => {
    const { rows, ctx, watch, io } = setup();
    expect(io.observed).toEqual([rows[0], rows[2], rows[3]]);
    io.report([44, 0, 41]);
    io.report([52]);
    expect(watch.read()).toBe(41);
    expect(io.disconnected).toBe(true);
    expect(watch.read()).toBe(41);
    ctx.notifyInvalidated();
  });

  it('stop() (DOMContentLoaded) ends the watch and keeps what was reported', () => {
    const { ctx, watch, io } = setup();
    io.report([40]);
    watch.stop();
    expect(io.disconnected).toBe(true);
    expect(watch.read()).toBe(40);
    ctx.notifyInvalidated();
  });

  it('onMeasured: called once, with the smallest height of the first report that has one', () => {
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    document.body.innerHTML = '<ul><li class="item"></li><li class="item"></li><li class="item"></li></ul>';
    const ctx = new ContentScriptContext('test');
    const measured = vi.fn();
    watchItemHeight(ctx, document.querySelector('li')!, 'li.item', measured);
    const io = FakeObserver.last!;
    io.report([0, 0, 0]); // not rendered yet (display: none, or before layout)
    expect(measured).not.toHaveBeenCalled();
    io.report([44, 41, 0]);
    io.report([30]);
    expect(measured.mock.calls).toEqual([[41]]);
    ctx.notifyInvalidated();
  });

  it('no frame before it is read: no hint; an invalidated script stops watching', () => {
    const { ctx, watch, io } = setup();
    ctx.notifyInvalidated();
    expect(io.disconnected).toBe(true);
    expect(watch.read()).toBeNull();
  });
});

describe('earlyLookNeeded', () => {
  const url = 'http://127.0.0.1:5173/documents';
  const other = { ...structuredClone(DEMO_HOST_ADAPTER), id: 'other-site', matches: ['https://elsewhere.example/*'] };
  const second = { ...structuredClone(DEMO_HOST_ADAPTER), id: 'second' };
  const last = { hostUserId: 'u-1', target: { status: 'ready' } };
  it.each([
    ['a first visit: nothing remembered', [DEMO_HOST_ADAPTER], {}, null, true],
    ['the label but not the height', [DEMO_HOST_ADAPTER], {}, last, true],
    ['the height but not the label', [DEMO_HOST_ADAPTER], { 'demo-host': 40 }, null, true],
    ['both: the page is left alone while it loads', [DEMO_HOST_ADAPTER], { 'demo-host': 40 }, last, false],
    ['both, and adapters for other sites need nothing', [other, DEMO_HOST_ADAPTER], { 'demo-host': 40 }, last, false],
    ['another adapter may run here without a height', [DEMO_HOST_ADAPTER, second], { 'demo-host': 40 }, last, true],
    ['a height that is no height', [DEMO_HOST_ADAPTER], { 'demo-host': 0 }, last, true],
    ['no adapter for this URL', [other], { 'other-site': 40 }, last, true],
  ] as const)('%s', (_, adapters, itemPx, lastTarget, expected) => {
    expect(earlyLookNeeded(adapters, url, itemPx, lastTarget)).toBe(expected);
  });
});
