import { describe, expect, it } from 'vitest';
import { extensionWorkIn } from '../bench/page-bench';

/** The bench's "content script's own main-thread work": top-level calls only, main thread only. */
const EXT = 'chrome-extension://abc/';
const ev = (name: string, ts: number, dur: number, extra: Record<string, unknown> = {}) => ({ name, ph: 'X', ts, dur, pid: 1, tid: 1, ...extra });
/** The main frame's navigation to `url` at trace time 1 s (page time 0) and its HTML parse. */
const pageStart = (url: string) => [
  { ...ev('navigationStart', 1_000_000, 0), ph: 'R', args: { data: { isLoadingMainFrame: true, documentLoaderURL: url } } },
  ev('ParseHTML', 1_000_000, 5000),
];

describe('extensionWorkIn', () => {
  it('adds up top-level calls into the content script, once each, and counts the layouts it forced', () => {
    const work = extensionWorkIn(
      [
        ev('ParseHTML', 0, 5000),
        // document_start evaluation: 3 ms, with a nested FunctionCall that must not count twice
        ev('EvaluateScript', 10_000, 3000, { args: { data: { url: `${EXT}content-scripts/demo-host.js` } } }),
        ev('FunctionCall', 11_000, 1000, { args: { data: { url: `${EXT}content-scripts/demo-host.js` } } }),
        // a timer callback of ours (2 ms) that forced a layout
        ev('FunctionCall', 20_000, 2000, { args: { data: { url: `${EXT}content-scripts/demo-host.js` } } }),
        ev('Layout', 20_500, 1000, { args: { beginData: { stackTrace: [{ url: `${EXT}content-scripts/demo-host.js` }] } } }),
        // the host's own script and layout: not ours
        ev('FunctionCall', 30_000, 9000, { args: { data: { url: 'http://127.0.0.1/static/app.js' } } }),
        ev('Layout', 40_000, 9000, { args: { beginData: {} } }),
        // another thread (the extension's own pages, workers): not the host's main thread
        { ...ev('FunctionCall', 50_000, 9000, { args: { data: { url: `${EXT}background.js` } } }), tid: 2 },
      ],
      EXT,
    );
    expect(work).toEqual({ ms: 5, inLongFramesMs: 0, calls: 2, longestMs: 3, forcedLayouts: 1, beforeDclMs: null, beforeLoadMs: null, inDclEventMs: null });
  });

  it('with the long animation frames of the page: the part of each call inside them (page time from navigationStart)', () => {
    const url = 'http://127.0.0.1:1/documents?rows=10';
    const work = extensionWorkIn(
      [
        ...pageStart(url),
        // page time 10-14 ms: half inside the frame 12-60 ms
        ev('EvaluateScript', 1_010_000, 4000, { args: { data: { url: `${EXT}content-scripts/demo-host.js` } } }),
        // page time 100-103 ms: inside no long frame
        ev('FunctionCall', 1_100_000, 3000, { args: { data: { url: `${EXT}content-scripts/demo-host.js` } } }),
      ],
      EXT,
      { url, loaf: [{ start: 12, duration: 48 }] },
    );
    expect(work).toMatchObject({ ms: 7, inLongFramesMs: 2, calls: 2 });
  });

  it("with the page's DOMContentLoaded and load: the part of its work before each (a call spanning one is split)", () => {
    const url = 'http://127.0.0.1:1/documents?rows=10';
    const work = extensionWorkIn(
      [
        ...pageStart(url),
        // document_start evaluation, page time 1-5 ms: before both
        ev('EvaluateScript', 1_001_000, 4000, { args: { data: { url: `${EXT}content-scripts/demo-host.js` } } }),
        // the DOMContentLoaded listener, page time 100-110 ms: after DOMContentLoaded (100), before load (150)
        ev('FunctionCall', 1_100_000, 10_000, { args: { data: { url: `${EXT}content-scripts/demo-host.js` } } }),
        // a timer at page time 148-152 ms: half of it before load
        ev('FunctionCall', 1_148_000, 4000, { args: { data: { url: `${EXT}content-scripts/demo-host.js` } } }),
        // a frame callback after load: in neither
        ev('FunctionCall', 1_200_000, 3000, { args: { data: { url: `${EXT}content-scripts/demo-host.js` } } }),
      ],
      EXT,
      { url, loaf: [], dcl: 100, load: 150 },
    );
    expect(work).toMatchObject({ ms: 21, calls: 4, beforeDclMs: 4, beforeLoadMs: 16 });
  });

  it("the part of its work inside the page's DOMContentLoaded dispatch (its listener), not the host's listeners around it", () => {
    const url = 'http://127.0.0.1:1/documents?rows=10';
    const ours = { args: { data: { url: `${EXT}content-scripts/demo-host.js` } } };
    const work = extensionWorkIn(
      [
        ...pageStart(url),
        ev('EvaluateScript', 1_001_000, 4000, ours),
        // the dispatch, page time 100-120 ms: the host's listener 100-105, ours 105-114 (with a nested call)
        ev('EventDispatch', 1_100_000, 20_000, { args: { data: { type: 'DOMContentLoaded' } } }),
        ev('FunctionCall', 1_100_000, 5000, { args: { data: { url: 'http://127.0.0.1/static/app.js' } } }),
        ev('FunctionCall', 1_105_000, 9000, ours),
        ev('FunctionCall', 1_106_000, 1000, ours),
        // another event's dispatch with a listener of ours: not DOMContentLoaded
        ev('EventDispatch', 1_150_000, 3000, { args: { data: { type: 'load' } } }),
        ev('FunctionCall', 1_150_000, 3000, ours),
      ],
      EXT,
      { url, loaf: [], dcl: 100, load: 150 },
    );
    expect(work).toMatchObject({ ms: 16, calls: 3, inDclEventMs: 9 });
  });

  it('no parse on record: nothing attributed', () => {
    expect(extensionWorkIn([ev('FunctionCall', 0, 1000, { args: { data: { url: `${EXT}x.js` } } })], EXT)).toEqual({ ms: 0, inLongFramesMs: 0, calls: 0, longestMs: 0, forcedLayouts: 0, beforeDclMs: null, beforeLoadMs: null, inDclEventMs: null });
  });
});
