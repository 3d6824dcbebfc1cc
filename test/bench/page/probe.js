// Benchmark probe, installed with page.addInitScript: runs in the page's main world at document
// start, before any page script. Plain JS (serialised into the page as is). Everything it learns
// lives on window.__swdBench; the bench reads it with page.evaluate.
//
// Its own cost is the same in every variant (no extension, extension, alternative), and it never
// forces a layout: it reads geometry only right before a frame paints, after that frame's own
// layout, so it does not hide or add layout work that an injector would cause.
(() => {
  'use strict';
  const ROW = 'tr.doc-row';
  const BTN = '[data-swd-button]';

  const S = {
    supported: PerformanceObserver.supportedEntryTypes.includes('long-animation-frame'),
    /** Long animation frames: { start, duration, blocking }. (Chrome attributes no script time to content scripts.) */
    loaf: [],
    dcl: null,
    /** First element-adding mutation inside a row by anyone (extension or alternative), ms. */
    firstButtonAt: null,
    /** Frames (rAF) from DOMContentLoaded until every row in the viewport had a button. */
    startFrames: [],
    visibleDone: null,
    buttonAt: new WeakMap(),
  };
  window.__swdBench = S;

  if (S.supported) {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) S.loaf.push({ start: e.startTime, duration: e.duration, blocking: e.blockingDuration });
    }).observe({ type: 'long-animation-frame', buffered: true });
  }

  const rowsBody = () => document.getElementById('doc-rows');

  /**
   * Created now, before any content script's or page's observer: MutationObserver callbacks run
   * in the order the observers were created, so this one's callback marks the moment the host's
   * script has yielded and observers are notified, before any injector can react. It observes
   * nothing until insertTest (no mutation records during the page load, in any variant).
   */
  let firstNotifiedAt = 0;
  const onFirstNotification = () => {
    // Only the first: the injector's own insertion notifies this observer once more.
    if (firstNotifiedAt === 0) firstNotifiedAt = performance.now();
  };
  const firstObserver = new MutationObserver(onFirstNotification);

  /**
   * Runs `cb` in the coming frame right before it paints: after every requestAnimationFrame
   * callback (the extension's included, whatever their order) and after style and layout.
   * A ResizeObserver's first notification for a newly observed element comes in that step; the
   * page's DOM is not touched.
   */
  const beforePaintQueue = [];
  const ro = new ResizeObserver(() => {
    const queue = beforePaintQueue.splice(0);
    for (const cb of queue) cb();
  });
  const beforePaint = (cb) =>
    requestAnimationFrame(() => {
      beforePaintQueue.push(cb);
      ro.unobserve(document.documentElement);
      ro.observe(document.documentElement);
    });
  S.beforePaint = beforePaint;

  /** Rows intersecting the viewport: binary search on document order (rows are stacked); called
   * right before paint only, where layout is clean. */
  function visibleRows() {
    const body = rowsBody();
    if (!body) return [];
    const rows = body.children;
    const h = window.innerHeight;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid].getBoundingClientRect().bottom <= 0) lo = mid + 1;
      else hi = mid;
    }
    const out = [];
    for (let i = lo; i < rows.length; i++) {
      const row = rows[i];
      if (!row.matches(ROW)) continue;
      const r = row.getBoundingClientRect();
      if (r.top >= h) break;
      if (r.bottom > 0 && r.height > 0) out.push(row);
    }
    return out;
  }
  S.visibleRows = visibleRows;

  /** Rendered buttons in a row: a host of ours whose (open) shadow root holds a <button>. */
  const buttonsIn = (row) => {
    let n = 0;
    for (const host of row.querySelectorAll(BTN)) if (host.shadowRoot && host.shadowRoot.querySelector('button')) n++;
    return n;
  };
  S.buttonsIn = buttonsIn;

  function onDcl() {
    S.dcl = performance.now();
    // When did each row get its button? (Mutation records also arrive for content-script changes.)
    // Frames are checked right before they paint (see beforePaint).
    const mo = new MutationObserver((records) => {
      const now = performance.now();
      for (const rec of records) {
        for (const n of rec.addedNodes) {
          if (n.nodeType !== 1 || !n.hasAttribute('data-swd-button')) continue;
          if (S.firstButtonAt === null) S.firstButtonAt = now;
          const row = n.closest(ROW);
          if (row && !S.buttonAt.has(row)) S.buttonAt.set(row, now);
        }
      }
    });
    mo.observe(document, { childList: true, subtree: true });
    S.stopButtonLog = () => mo.disconnect();
    const frame = () => {
      const vis = visibleRows();
      let missing = 0;
      for (const row of vis) if (buttonsIn(row) === 0) missing++;
      S.startFrames.push({ t: performance.now(), visible: vis.length, missing });
      if (vis.length > 0 && missing === 0) {
        let last = S.dcl;
        for (const row of vis) last = Math.max(last, S.buttonAt.get(row) ?? S.dcl);
        S.visibleDone = { ms: last - S.dcl, framesWithMissing: S.startFrames.filter((f) => f.missing > 0).length };
        return;
      }
      if (performance.now() - S.dcl < 10000) beforePaint(frame);
    };
    beforePaint(frame);
  }
  document.addEventListener('DOMContentLoaded', onDcl, { capture: true, once: true });

  /**
   * Scrolls through the whole list, `step` px per frame: the scroll happens in a task between
   * frames (like an input event), then the rAF callback of the next frame (scroll events and the
   * page's own rAF work already done, paint still to come) counts rows in the viewport without
   * exactly one button.
   */
  S.scrollTest = (step, maxFrames, maxMs) =>
    new Promise((resolve) => {
      const missingRows = new Set();
      const seenRows = new Set();
      let duplicates = 0;
      let frames = 0;
      let maxMissingInFrame = 0;
      const started = performance.now();
      const frame = () => {
        const vis = visibleRows();
        let missingNow = 0;
        for (const row of vis) {
          seenRows.add(row);
          const n = buttonsIn(row);
          if (n === 0) {
            missingNow++;
            missingRows.add(row);
          } else if (n > 1) duplicates++;
        }
        maxMissingInFrame = Math.max(maxMissingInFrame, missingNow);
        frames++;
        const end = document.documentElement.scrollHeight - window.innerHeight;
        const ms = performance.now() - started;
        if (window.scrollY >= end - 1 || frames >= maxFrames || ms >= maxMs) {
          resolve({ frames, rowsSeen: seenRows.size, complete: window.scrollY >= end - 1, missingRows: missingRows.size, duplicates, maxMissingInFrame, ms, scrollY: window.scrollY });
          return;
        }
        setTimeout(() => {
          window.scrollBy(0, step);
          beforePaint(frame);
        }, 0);
      };
      beforePaint(frame);
    });

  /** Jumps to `n` pseudo-random positions (End key, scrollbar drag): rows painted without a button. */
  S.jumpTest = (n) =>
    new Promise((resolve) => {
      let seed = 12345;
      const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      const missingRows = new Set();
      let i = 0;
      const frame = () => {
        for (const row of visibleRows()) if (buttonsIn(row) === 0) missingRows.add(row);
        if (i++ >= n) {
          resolve({ jumps: n, missingRows: missingRows.size });
          return;
        }
        setTimeout(() => {
          window.scrollTo(0, Math.floor(rand() * (document.documentElement.scrollHeight - window.innerHeight)));
          beforePaint(frame);
        }, 0);
      };
      beforePaint(frame);
    });

  /**
   * Inserts `n` rows after load, alternately through the host app's own hostApp.addRow() (appended
   * at the end of the list, far below the viewport on a long page) and hostApp.createRow() +
   * prepend at the top (in view). Latency: from the insertion call until a button host exists in
   * the new row, seen by a MutationObserver created after the injector's own. Each latency is
   * also split at the first observer notification: `hostMs` (the insertion itself and the rest of
   * the host's synchronous script, which no observer can interrupt) and `extMs` (from then until
   * the button exists: the injector's callback).
   */
  /** What a new row is made of: the first row's data (createRow needs it). */
  const rowData = (body) => {
    const template = body.querySelector(ROW);
    const link = template.querySelector('.doc-link');
    const contact = template.querySelector('.doc-contact');
    return {
      href: link.getAttribute('href'),
      fileName: link.dataset.fileName,
      fileType: link.dataset.fileType,
      size: template.querySelector('.doc-size').textContent,
      contactName: contact.dataset.contactName,
      contactEmail: contact.dataset.contactEmail,
    };
  };
  /** Let a frame pass so insertions are independent (as user-driven ones would be). */
  const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

  /**
   * The same insertions as insertTest, one frame apart, without waiting for anything: what the
   * host's own rendering of them costs (the bench compares its layouts with the extension's), and
   * the host's own part of each (insertion call → first MutationObserver notification, as
   * insertTest splits it), to set the extension's latencies against in loads without it.
   */
  S.hostInsertTest = async (n) => {
    const body = rowsBody();
    const data = rowData(body);
    let t0 = 0;
    const originalAppend = body.append;
    body.append = function (...nodes) {
      t0 = performance.now();
      return originalAppend.apply(this, nodes);
    };
    const hostMs = [];
    firstObserver.observe(body, { childList: true, subtree: true });
    // Compiled before the first insertion, as in insertTest.
    onFirstNotification();
    try {
      for (let i = 0; i < n; i++) {
        firstNotifiedAt = 0;
        if (i % 2 === 0) await window.hostApp.addRow();
        else {
          const row = window.hostApp.createRow({ ...data, docId: `bench-${i}` });
          t0 = performance.now();
          body.prepend(row);
          // The observer's notification is the next microtask.
          await Promise.resolve();
        }
        if (firstNotifiedAt > 0) hostMs.push(firstNotifiedAt - t0);
        await nextFrame();
      }
    } finally {
      body.append = originalAppend;
      firstObserver.disconnect();
    }
    return { hostMs };
  };

  S.insertTest = async (n) => {
    const body = rowsBody();
    const data = rowData(body);
    let t0 = 0;
    /** The row being inserted: only a button in it ends the wait (a chunk of rows further down
     * decorated by a timer while addRow() waits for the host's fetch is not this insertion's). */
    let inserted = null;
    const originalAppend = body.append;
    body.append = function (...nodes) {
      t0 = performance.now();
      inserted = nodes.find((n) => n.nodeType === 1 && n.matches(ROW)) ?? null;
      return originalAppend.apply(this, nodes);
    };
    const latencies = [];
    const hostMs = [];
    const extMs = [];
    firstObserver.observe(body, { childList: true, subtree: true });
    let timeouts = 0;
    let wrongCount = 0;
    /** The insertion being waited for: its resolve, observer and timeout. */
    let waiting = null;
    const onRecords = (records) => {
      const now = performance.now();
      if (!waiting) return;
      for (const rec of records) {
        for (const node of rec.addedNodes) {
          if (node.nodeType === 1 && node.hasAttribute('data-swd-button') && inserted && inserted.contains(node)) {
            const { resolve, mo, timer } = waiting;
            waiting = null;
            mo.disconnect();
            clearTimeout(timer);
            resolve({ ms: now - t0, row: node.closest(ROW) });
            return;
          }
        }
      }
    };
    // V8 compiles a function on its first call: the probe's own callbacks are called once here,
    // so their compilation does not land inside the first insertion's latency.
    onRecords([{ addedNodes: [document.createElement('span')] }]);
    onFirstNotification();
    firstNotifiedAt = 0;
    try {
      for (let i = 0; i < n; i++) {
        const seen = new Promise((resolve) => {
          const mo = new MutationObserver(onRecords);
          const timer = setTimeout(() => {
            waiting = null;
            mo.disconnect();
            resolve(null);
          }, 2000);
          waiting = { resolve, mo, timer };
          mo.observe(body, { childList: true, subtree: true });
        });
        firstNotifiedAt = 0;
        inserted = null;
        if (i % 2 === 0) {
          await window.hostApp.addRow();
        } else {
          const row = window.hostApp.createRow({ ...data, docId: `bench-${i}` });
          inserted = row;
          t0 = performance.now();
          body.prepend(row);
        }
        const result = await seen;
        if (result === null) timeouts++;
        else {
          latencies.push(result.ms);
          if (firstNotifiedAt > 0) {
            hostMs.push(firstNotifiedAt - t0);
            extMs.push(result.ms - (firstNotifiedAt - t0));
          }
        }
        await nextFrame();
        if (result && buttonsIn(result.row) !== 1) wrongCount++;
      }
    } finally {
      body.append = originalAppend;
      firstObserver.disconnect();
    }
    return { latencies, hostMs, extMs, timeouts, wrongCount };
  };
})();
