import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** The part of WXT's content script context the in-page code uses. */
export type Ctx = Pick<
  ContentScriptContext,
  | 'isValid'
  | 'signal'
  | 'onInvalidated'
  | 'setTimeout'
  | 'setInterval'
  | 'requestAnimationFrame'
  | 'requestIdleCallback'
  | 'addEventListener'
>;

export interface Scope extends Ctx {
  /** Ends this scope only (its listeners, timers and onInvalidated callbacks); the parent lives on. */
  stop(): void;
}

/** Where requestIdleCallback is missing: the time a stand-in idle period offers (ms). */
const IDLE_FALLBACK_BUDGET_MS = 5;

/**
 * A child of `parent` that can be stopped on its own: used to switch the page to another adapter
 * (the background's answer differs from the built-in one) without invalidating the script. The
 * parent still owns everything: its invalidation ends the child too.
 *
 * Timers and frames are the browser's own, tracked here and cancelled when the scope ends. Not
 * the parent's wrappers: WXT's `ctx.setTimeout`/`requestAnimationFrame` add an `abort` listener
 * per call that is never removed, so a page that inserts rows or scrolls for an hour would pile
 * up one closure per timer, and each call costs a listener registration in the
 * MutationObserver callback that puts buttons on inserted rows. A callback still runs only while
 * `isValid`, which asks the parent (and so notices an extension that was reloaded or removed).
 */
export function childScope(parent: Ctx): Scope {
  const controller = new AbortController();
  const signal = controller.signal;
  const timeouts = new Set<ReturnType<typeof setTimeout>>();
  const intervals = new Set<ReturnType<typeof setInterval>>();
  const frames = new Set<number>();
  const idles = new Set<number>();
  const stop = () => {
    if (!signal.aborted) controller.abort();
  };
  const removeFromParent = parent.onInvalidated(stop);
  signal.addEventListener('abort', () => {
    removeFromParent();
    for (const id of timeouts) clearTimeout(id);
    for (const id of intervals) clearInterval(id);
    for (const id of frames) cancelAnimationFrame(id);
    for (const id of idles) cancelIdleCallback(id);
    timeouts.clear();
    idles.clear();
    intervals.clear();
    frames.clear();
  });
  const onAbort = (cb: () => void) => {
    signal.addEventListener('abort', cb);
    return () => signal.removeEventListener('abort', cb);
  };
  const scope: Scope = {
    get isValid() {
      return !signal.aborted && parent.isValid;
    },
    get signal() {
      return signal;
    },
    onInvalidated: onAbort,
    stop,
    setTimeout(handler: () => void, timeout?: number) {
      if (signal.aborted) return 0;
      const id = setTimeout(() => {
        timeouts.delete(id);
        if (scope.isValid) handler();
      }, timeout);
      timeouts.add(id);
      return id;
    },
    setInterval(handler: () => void, timeout?: number) {
      if (signal.aborted) return 0;
      const id = setInterval(() => {
        if (scope.isValid) handler();
      }, timeout);
      intervals.add(id);
      return id;
    },
    requestAnimationFrame(callback: FrameRequestCallback) {
      if (signal.aborted) return 0;
      const id = requestAnimationFrame((time) => {
        frames.delete(id);
        if (scope.isValid) callback(time);
      });
      frames.add(id);
      return id;
    },
    requestIdleCallback(callback: IdleRequestCallback, options?: IdleRequestOptions) {
      if (signal.aborted) return 0;
      if (typeof requestIdleCallback !== 'function') {
        // Not in every engine (nor in the unit tests' DOM): a short task with a small budget.
        return scope.setTimeout(() => {
          const end = performance.now() + IDLE_FALLBACK_BUDGET_MS;
          callback({ didTimeout: false, timeRemaining: () => Math.max(0, end - performance.now()) });
        }, 1);
      }
      const id = requestIdleCallback((deadline) => {
        idles.delete(id);
        if (scope.isValid) callback(deadline);
      }, options);
      idles.add(id);
      return id;
    },
    addEventListener(target: EventTarget, type: string, handler: (event: Event) => void, options?: AddEventListenerOptions) {
      // The parent's own signal replaces any given one: wrap, so this scope's end silences it too.
      parent.addEventListener(
        target as Window,
        type as keyof WindowEventMap,
        ((event: Event) => {
          if (!signal.aborted) handler(event);
        }) as never,
        options,
      );
    },
  } as Scope;
  return scope;
}
