import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSendLoader, loadOnIntent, sendLoaderForPage, SendModuleUnavailableError, type SendLoader } from '../../../utils/content/send-loader';
import { registerSendModule, SEND_MODULE_HOOK, type SendModule } from '../../../utils/content/send-module-hook';
import type { SendModuleLoad } from '../../../utils/messaging/content-protocol';
import { BUTTON_HOST_ATTR } from '../../../utils/content/send-button';
import type { Ctx } from '../../../utils/content/scope';

/** A module as the injected script hands it over (the function is never called here). */
const moduleNamed = (name: string): SendModule => ({ sendDocument: Object.assign(async () => 'queued' as const, { moduleName: name }) });

/**
 * The background's side, as the browser runs it: executeScript evaluates the module in the
 * content script's world (here: `world`), then the message is answered.
 */
function backgroundInjecting(world: object, module: SendModule | null, answer: SendModuleLoad = { ok: true }) {
  const ask = vi.fn(async () => {
    if (module) registerSendModule(module, world);
    return answer;
  });
  return ask;
}

describe('createSendLoader', () => {
  it('asks the background to inject the module and resolves with what the injected script handed over', async () => {
    const world = {};
    const module = moduleNamed('v2');
    const ask = backgroundInjecting(world, module);
    const loader = createSendLoader(ask, world);
    expect(ask).not.toHaveBeenCalled();
    await expect(loader.load()).resolves.toBe(module);
    expect(ask).toHaveBeenCalledTimes(1);
  });

  it('asks once for every button and click of the page', async () => {
    const world = {};
    const ask = backgroundInjecting(world, moduleNamed('v2'));
    const loader = createSendLoader(ask, world);
    loader.preload();
    const [a, b] = await Promise.all([loader.load(), loader.load()]);
    expect(a).toBe(b);
    await loader.load();
    expect(ask).toHaveBeenCalledTimes(1);
  });

  it('never uses a module left in the world by an older copy of the extension', async () => {
    // After an update with the page open, the old version's module may still be on the global.
    const world: Record<string, unknown> = { [SEND_MODULE_HOOK]: moduleNamed('old') };
    const fresh = moduleNamed('new');
    const loader = createSendLoader(backgroundInjecting(world, fresh), world);
    await expect(loader.load()).resolves.toBe(fresh);
  });

  it('fails clearly when the injection succeeded but no module handed itself over', async () => {
    const world = {};
    const loader = createSendLoader(backgroundInjecting(world, null), world);
    const error = await loader.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendModuleUnavailableError);
    expect((error as Error).message).toMatch(/did not start/);
  });

  it("passes the background's reason on, and the next click asks again", async () => {
    const world = {};
    const module = moduleNamed('v2');
    let refuse = true;
    const ask = vi.fn(async (): Promise<SendModuleLoad> => {
      if (refuse) return { ok: false, message: 'The browser did not let the extension load its sending code into this page: Frame with ID 0 was removed.' };
      registerSendModule(module, world);
      return { ok: true };
    });
    const loader = createSendLoader(ask, world);
    await expect(loader.load()).rejects.toThrow(/Frame with ID 0 was removed/);
    refuse = false;
    await expect(loader.load()).resolves.toBe(module);
    expect(ask).toHaveBeenCalledTimes(2);
  });

  it('turns a background that cannot be reached (extension reloaded) into the same error', async () => {
    const loader = createSendLoader(async () => {
      throw new Error('Extension context invalidated.');
    }, {});
    const error = await loader.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendModuleUnavailableError);
    expect((error as Error).message).toContain('Extension context invalidated.');
  });

  it('lets a preload fail quietly (the click reports it)', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const loader = createSendLoader(async () => ({ ok: false, message: 'no' }), {});
      loader.preload();
      await new Promise((r) => setTimeout(r, 10));
      expect(unhandled).not.toHaveBeenCalled();
      await expect(loader.load()).rejects.toThrow('no');
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});

describe('sendLoaderForPage', () => {
  it('is one loader per content script, whichever adapter runs the page', () => {
    expect(sendLoaderForPage()).toBe(sendLoaderForPage());
  });
});

describe('registerSendModule', () => {
  it('does nothing in a world where no content script is waiting', () => {
    expect(registerSendModule(moduleNamed('x'), {})).toBe(false);
    expect(registerSendModule(moduleNamed('x'), { [SEND_MODULE_HOOK]: 'not a function' })).toBe(false);
  });
});

describe('loadOnIntent', () => {
  const hosts: Element[] = [];
  afterEach(() => {
    for (const h of hosts.splice(0)) h.remove();
  });

  function fakeCtx() {
    const controller = new AbortController();
    const ctx = {
      get isValid() {
        return !controller.signal.aborted;
      },
      signal: controller.signal,
      onInvalidated(cb: () => void) {
        controller.signal.addEventListener('abort', cb);
        return () => controller.signal.removeEventListener('abort', cb);
      },
    } as unknown as Ctx;
    return { ctx, invalidate: () => controller.abort() };
  }
  function countingLoader(): SendLoader & { preloads: number } {
    const loader = {
      preloads: 0,
      load: () => Promise.reject(new Error('not used')),
      preload() {
        loader.preloads++;
      },
    };
    return loader;
  }
  /** loadOnIntent on a fresh context and a counting loader. */
  function listenForIntent(canSend?: () => boolean) {
    const { ctx, invalidate } = fakeCtx();
    const loader = countingLoader();
    loadOnIntent(ctx, loader, canSend);
    return { loader, invalidate };
  }
  function buttonHost(): HTMLElement {
    const host = document.createElement('span');
    host.setAttribute(BUTTON_HOST_ATTR, '');
    const root = host.attachShadow({ mode: 'open' });
    root.append(document.createElement('button'));
    document.body.append(host);
    hosts.push(host);
    return host;
  }
  function other(): HTMLElement {
    const el = document.createElement('div');
    document.body.append(el);
    hosts.push(el);
    return el;
  }
  const pointerOver = (el: Element) => el.dispatchEvent(new Event('pointerover', { bubbles: true, composed: true }));
  const focusIn = (el: Element) => el.dispatchEvent(new Event('focusin', { bubbles: true, composed: true }));

  it('loads on the first pointer over one of our buttons, not over the rest of the page', () => {
    const { loader } = listenForIntent();
    pointerOver(other());
    expect(loader.preloads).toBe(0);
    pointerOver(buttonHost());
    expect(loader.preloads).toBe(1);
  });

  // Focus inside the shadow root reaches the document retargeted to the host element in browsers
  // (happy-dom does not retarget; test/e2e/send.test.ts focuses a real button).
  it('loads on keyboard focus on a button', () => {
    const { loader } = listenForIntent();
    focusIn(buttonHost());
    expect(loader.preloads).toBe(1);
  });

  it('stops listening after the first intent', () => {
    const { ctx } = fakeCtx();
    const loader = countingLoader();
    const removed = vi.spyOn(document, 'addEventListener');
    loadOnIntent(ctx, loader);
    const signal = (removed.mock.calls[0]![2] as AddEventListenerOptions).signal!;
    removed.mockRestore();
    expect(signal.aborted).toBe(false);
    const host = buttonHost();
    pointerOver(host);
    expect(signal.aborted).toBe(true);
    pointerOver(host);
    focusIn(host);
    expect(loader.preloads).toBe(1);
  });

  it('waits while the buttons cannot send (no profile allowed, not configured)', () => {
    let canSend = false;
    const { loader } = listenForIntent(() => canSend);
    const host = buttonHost();
    pointerOver(host);
    focusIn(host);
    expect(loader.preloads).toBe(0);
    canSend = true;
    pointerOver(host);
    expect(loader.preloads).toBe(1);
  });

  it('does nothing once the content script is invalidated (extension reloaded)', () => {
    const { loader, invalidate } = listenForIntent();
    invalidate();
    pointerOver(buttonHost());
    expect(loader.preloads).toBe(0);
  });
});
