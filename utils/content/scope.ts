import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** The part of WXT's content script context the in-page code uses. */
export type Ctx = Pick<
  ContentScriptContext,
  'isValid' | 'signal' | 'onInvalidated' | 'setTimeout' | 'setInterval' | 'requestAnimationFrame' | 'addEventListener'
>;

export interface Scope extends Ctx {
  /** Ends this scope only (its listeners, timers and onInvalidated callbacks); the parent lives on. */
  stop(): void;
}

/**
 * A child of `parent` that can be stopped on its own: used to switch the page to another adapter
 * (the background's answer differs from the built-in one) without invalidating the script. The
 * parent still owns everything: its invalidation ends the child too.
 */
export function childScope(parent: Ctx): Scope {
  const controller = new AbortController();
  const signal = controller.signal;
  const stop = () => {
    if (!signal.aborted) controller.abort();
  };
  const removeFromParent = parent.onInvalidated(stop);
  signal.addEventListener('abort', removeFromParent);
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
    setTimeout(handler, timeout) {
      const id = parent.setTimeout(() => {
        off();
        if (!signal.aborted) handler();
      }, timeout);
      const off = onAbort(() => clearTimeout(id));
      return id;
    },
    setInterval(handler, timeout) {
      const id = parent.setInterval(() => {
        if (!signal.aborted) handler();
      }, timeout);
      onAbort(() => clearInterval(id));
      return id;
    },
    requestAnimationFrame(callback) {
      const id = parent.requestAnimationFrame((time) => {
        off();
        if (!signal.aborted) callback(time);
      });
      const off = onAbort(() => cancelAnimationFrame(id));
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
