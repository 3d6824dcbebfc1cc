import type { ButtonTarget } from '../messaging/content-protocol';
import type { Ctx } from './scope';
import { createSendButton, type SendButton } from './send-button';

/** Spare buttons kept ready: more than the rows an app typically inserts between two idle periods. */
const SPARES = 12;
export const POOL_SPARES = SPARES;
/** Build spares only while the idle period has this much time left (ms). */
const IDLE_MARGIN_MS = 2;
/** Without an idle period, refill anyway after this long (ms)… */
const REFILL_TIMEOUT_MS = 50;
/** …this many at a time. */
const BUSY_BATCH = 2;

export interface ButtonPool {
  /** A button labelled for `target` and this document: a spare if there is one, else a new one. */
  take(target: ButtonTarget | null, documentName: string, onActivate: (event: MouseEvent) => void): SendButton;
  /** Tops the spares up, and relabels them for a new target, in the next idle period (call it
   * after taking or after the target changed, outside the hot path). */
  refillSoon(): void;
  /** Spare buttons ready now. */
  readonly spares: number;
}

/**
 * Buttons are built while the page is idle, so that a row the host app inserts gets a finished
 * button in the MutationObserver callback by taking one from here (and writing its document's
 * name), not by building a shadow root there. Measured on the 10,000-row demo page, building one
 * costs 0.2–0.3 ms right after the host's own DOM work and frame (cold caches: ten times what the
 * same code costs in a loop), about half of what the callback spent per inserted row
 * (test/bench/insert-bench.ts). Spares are relabelled in idle time when the target changes.
 */
export function createButtonPool(ctx: Pick<Ctx, 'requestIdleCallback' | 'onInvalidated'>, currentTarget: () => ButtonTarget | null): ButtonPool {
  /** Each spare with the target it is labelled for. */
  let spares: { button: SendButton; target: ButtonTarget | null }[] = [];
  let refillPending = false;
  const build = () => {
    const target = currentTarget();
    spares.push({ button: createSendButton(undefined, target), target });
  };
  const refill = (deadline: IdleDeadline) => {
    refillPending = false;
    // Spares labelled for an earlier target (signed in since, profile changed) are relabelled
    // here, not when a row takes one.
    const target = currentTarget();
    for (const spare of spares) {
      if (spare.target === target) continue;
      spare.button.setTarget(target, '');
      spare.target = target;
    }
    // A page that never idles (rows streaming in, every frame busy) still gets a few per timeout.
    if (deadline.didTimeout) for (let i = 0; i < BUSY_BATCH && spares.length < SPARES; i++) build();
    while (spares.length < SPARES && deadline.timeRemaining() > IDLE_MARGIN_MS) build();
    if (spares.length < SPARES) scheduleRefill();
  };
  const scheduleRefill = () => {
    if (refillPending) return;
    refillPending = true;
    ctx.requestIdleCallback(refill, { timeout: REFILL_TIMEOUT_MS });
  };
  ctx.onInvalidated(() => {
    spares = [];
  });
  scheduleRefill();
  return {
    get spares() {
      return spares.length;
    },
    refillSoon() {
      if (spares.length < SPARES || spares.some((spare) => spare.target !== currentTarget())) scheduleRefill();
    },
    take(target, documentName, onActivate) {
      const button = spares.pop()?.button;
      if (!button) return createSendButton(onActivate, target, documentName);
      button.setActivate(onActivate);
      button.setTarget(target, documentName);
      return button;
    },
  };
}
