import { contentToBackground, type SendModuleLoad } from '../messaging/content-protocol';
import { awaitSendModule, type SendModule } from './send-module-hook';
import type { Ctx } from './scope';
import { BUTTON_HOST_ATTR } from './send-button';

export class SendModuleUnavailableError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'SendModuleUnavailableError';
  }
}

export interface SendLoader {
  /** The send flow; loaded once (again after a failure), shared by every button of the page. */
  load(): Promise<SendModule>;
  /** Starts loading ahead of a click; failures surface at the click's own load(). */
  preload(): void;
}

const askBackground = (): Promise<SendModuleLoad> => contentToBackground.sendMessage('content:loadSendModule', undefined);

/**
 * Loads the send flow (entrypoints/send-module) into this frame's isolated world on first need:
 * the background injects it (scripting.executeScript, this frame only) and its answer comes after
 * the module has run, so a module that did not hand itself over by then never will.
 */
export function createSendLoader(ask: () => Promise<SendModuleLoad> = askBackground, global: object = globalThis): SendLoader {
  let loading: Promise<SendModule> | null = null;
  const start = async (): Promise<SendModule> => {
    let received: SendModule | null = null;
    awaitSendModule((module) => {
      received = module;
    }, global);
    const answer = await ask();
    if (!answer.ok) throw new SendModuleUnavailableError(answer.message);
    if (!received) throw new SendModuleUnavailableError('the injected send module did not start');
    return received;
  };
  const load = () =>
    (loading ??= start().catch((error: unknown) => {
      // The next click tries again (the page may have been reloaded into a served state meanwhile).
      loading = null;
      throw error instanceof SendModuleUnavailableError ? error : new SendModuleUnavailableError(String(error));
    }));
  return {
    load,
    preload() {
      load().catch(() => undefined);
    },
  };
}

let pageLoader: SendLoader | null = null;

/** This content script's loader: one module per frame, whichever adapter runs (an SPA may switch). */
export function sendLoaderForPage(): SendLoader {
  return (pageLoader ??= createSendLoader());
}

/**
 * Loads the send flow when the user shows intent to send: a pointer over one of our buttons (mouse
 * hover, or the touch that precedes a tap) or keyboard focus on one, while the buttons can send
 * (ready, or sign in first). Most host page views never send, so the flow's 25 kB are not parsed
 * on page load; the intent comes one round trip or more before the click, which then finds the
 * flow loaded. One capturing listener pair on the document, removed at the first intent: events
 * from inside a button's shadow root reach it retargeted to the button's host element.
 */
export function loadOnIntent(ctx: Ctx, loader: SendLoader, canSend: () => boolean = () => true): void {
  // Removed from the document at the first intent, not only silenced: a page's every pointer
  // move between elements would otherwise still call into this script.
  const listening = new AbortController();
  const removeOnInvalidated = ctx.onInvalidated(() => listening.abort());
  const onIntent = (event: Event) => {
    const target = event.target;
    if (!(target instanceof Element) || !target.hasAttribute(BUTTON_HOST_ATTR)) return;
    // A button that cannot send (no profile allowed, not configured) needs no send flow; keep
    // listening in case that changes (policy, sign-in).
    if (!canSend()) return;
    listening.abort();
    removeOnInvalidated();
    if (ctx.isValid) loader.preload();
  };
  const options = { capture: true, passive: true, signal: listening.signal };
  document.addEventListener('pointerover', onIntent, options);
  document.addEventListener('focusin', onIntent, options);
}
