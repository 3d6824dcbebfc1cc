import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { childScope, type Ctx } from '../../../utils/content/scope';

/** A parent context like WXT's: counts what the child asks of it. */
function fakeParent() {
  const controller = new AbortController();
  let valid = true;
  const calls = { onInvalidated: 0, setTimeout: 0, requestAnimationFrame: 0, setInterval: 0 };
  const parent = {
    get isValid() {
      if (!valid && !controller.signal.aborted) controller.abort();
      return valid;
    },
    signal: controller.signal,
    onInvalidated(cb: () => void) {
      calls.onInvalidated++;
      controller.signal.addEventListener('abort', cb);
      return () => controller.signal.removeEventListener('abort', cb);
    },
    setTimeout: () => (calls.setTimeout++, 0),
    setInterval: () => (calls.setInterval++, 0),
    requestAnimationFrame: () => (calls.requestAnimationFrame++, 0),
    addEventListener: (target: EventTarget, type: string, handler: EventListener, options?: AddEventListenerOptions) =>
      target.addEventListener(type, handler, { ...options, signal: controller.signal }),
  } as unknown as Ctx;
  return { parent, calls, orphan: () => (valid = false), invalidate: () => controller.abort() };
}

describe('childScope', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'requestAnimationFrame', 'cancelAnimationFrame'] }));
  afterEach(() => vi.useRealTimers());

  it('registers one listener with the parent however many timers and frames it runs', () => {
    const { parent, calls } = fakeParent();
    const scope = childScope(parent);
    let ran = 0;
    for (let i = 0; i < 500; i++) {
      scope.setTimeout(() => ran++, 0);
      scope.requestAnimationFrame(() => ran++);
    }
    vi.advanceTimersByTime(100);
    expect(ran).toBe(1000);
    // WXT's wrappers would have added 1,000 abort listeners to the parent, never removed.
    expect(calls).toEqual({ onInvalidated: 1, setTimeout: 0, requestAnimationFrame: 0, setInterval: 0 });
  });

  it('cancels pending timers, frames and intervals when stopped; the parent lives on', () => {
    const { parent } = fakeParent();
    const scope = childScope(parent);
    const ran: string[] = [];
    scope.setTimeout(() => ran.push('timeout'), 30);
    scope.requestAnimationFrame(() => ran.push('frame'));
    scope.setInterval(() => ran.push('interval'), 20);
    vi.advanceTimersByTime(21);
    expect(ran).toEqual(['frame', 'interval']);
    scope.stop();
    vi.advanceTimersByTime(100);
    expect(ran).toEqual(['frame', 'interval']);
    expect(scope.isValid).toBe(false);
    expect(parent.isValid).toBe(true);
    // Nothing new starts in a stopped scope.
    scope.setTimeout(() => ran.push('late'), 0);
    vi.advanceTimersByTime(10);
    expect(ran).toEqual(['frame', 'interval']);
  });

  it("ends with its parent's invalidation", () => {
    const { parent, invalidate } = fakeParent();
    const scope = childScope(parent);
    const onEnd = vi.fn();
    scope.onInvalidated(onEnd);
    const ran = vi.fn();
    scope.setInterval(ran, 5);
    invalidate();
    vi.advanceTimersByTime(50);
    expect(onEnd).toHaveBeenCalledOnce();
    expect(ran).not.toHaveBeenCalled();
    expect(scope.isValid).toBe(false);
  });

  it('notices an orphaned script (extension reloaded or removed) when a timer fires, and skips the callback', () => {
    const { parent, orphan } = fakeParent();
    const scope = childScope(parent);
    const onEnd = vi.fn();
    scope.onInvalidated(onEnd);
    const ran = vi.fn();
    scope.setInterval(ran, 5);
    vi.advanceTimersByTime(5);
    expect(ran).toHaveBeenCalledTimes(1);
    orphan();
    vi.advanceTimersByTime(50);
    expect(ran).toHaveBeenCalledTimes(1);
    expect(onEnd).toHaveBeenCalledOnce();
  });
});
