import type { sendDocument } from './send-flow';

/**
 * The send flow (document fetch, validation, confirm dialog, upload) is not part of the content
 * script every host page loads: it is a second script (entrypoints/send-module) that the
 * background injects into the same frame, in the same isolated world, when the user shows intent
 * to send (a pointer over a button, focus on one, or the click itself). See send-loader.ts.
 *
 * The two scripts meet through one property of the isolated world's global object (the page's
 * own scripts cannot see it): the content script puts a callback there before it asks for the
 * injection, and the injected script hands its functions to that callback. A callback, not a
 * value left on the global: after an extension update with the page open, an old copy of the
 * module may still be there, and only a module injected for this content script may answer it.
 */
export const SEND_MODULE_HOOK = '__sendWithDocuSignSendModule';

export interface SendModule {
  sendDocument: typeof sendDocument;
}

type Hook = (module: SendModule) => void;

/** In the injected module: hands its functions to the content script that asked for it. */
export function registerSendModule(module: SendModule, global: object = globalThis): boolean {
  const hook = (global as Record<string, unknown>)[SEND_MODULE_HOOK];
  if (typeof hook !== 'function') return false;
  (hook as Hook)(module);
  return true;
}

/** In the content script: the next module injected into this world is handed to `receive`. */
export function awaitSendModule(receive: Hook, global: object = globalThis): void {
  (global as Record<string, unknown>)[SEND_MODULE_HOOK] = receive;
}
