import type { CDPSession, Page } from 'playwright-core';
import type { ExtensionBrowser } from './extension';
import { extensionUrl } from './extension';

/**
 * The extension's real toolbar popup, opened the way a click on the toolbar button opens it.
 *
 * Chromium's DevTools protocol `Extensions.triggerAction` runs the extension's action on a tab:
 * it grants `activeTab` for that tab (so the popup may read the tab's URL) and opens
 * `popup.html` as the toolbar popup, attached to the tab's window. Playwright does not list
 * that popup among its pages (it lives outside any tab), so this talks to it over the browser's
 * own CDP session: attach (non-flat) and exchange messages with `Target.sendMessageToTarget`.
 */
export class ActionPopup {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(
    private readonly session: CDPSession,
    private readonly sessionId: string,
    readonly targetId: string,
  ) {
    session.on('Target.receivedMessageFromTarget', (event) => {
      if (event.sessionId !== this.sessionId) return;
      const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
      const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiter || message.id === undefined) return;
      this.pending.delete(message.id);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    });
  }

  /** Opens the popup for `page`'s tab (made the active tab of its window first). */
  static async open(browser: ExtensionBrowser, page: Page): Promise<ActionPopup> {
    const cdpBrowser = browser.context.browser();
    if (!cdpBrowser) throw new Error('No browser-level CDP connection.');
    await page.bringToFront();
    const session = await cdpBrowser.newBrowserCDPSession();
    const popupUrl = extensionUrl('popup.html');
    const before = new Set((await session.send('Target.getTargets')).targetInfos.filter((t) => t.url === popupUrl).map((t) => t.targetId));
    const tabs = (await session.send('Target.getTargets', { filter: [{ type: 'tab' }] })).targetInfos.filter((t) => t.url === page.url());
    if (tabs.length !== 1) throw new Error(`Expected one tab at ${page.url()}, found ${tabs.length}: give each test page a unique URL.`);
    await session.send('Extensions.triggerAction', { id: browser.extensionId, targetId: tabs[0]!.targetId });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const popup = (await session.send('Target.getTargets')).targetInfos.find((t) => t.url === popupUrl && t.type === 'page' && !before.has(t.targetId));
      if (popup) {
        const { sessionId } = await session.send('Target.attachToTarget', { targetId: popup.targetId, flatten: false });
        const handle = new ActionPopup(session, sessionId, popup.targetId);
        await handle.send('Runtime.enable');
        await handle.waitFor('document.readyState === "complete"');
        return handle;
      }
      if (Date.now() > deadline) throw new Error('The action popup did not open.');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = ++this.nextId;
    const result = new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
    void this.session
      .send('Target.sendMessageToTarget', { sessionId: this.sessionId, message: JSON.stringify({ id, method, params }) })
      .catch((error: Error) => this.pending.get(id)?.reject(error));
    return result;
  }

  /** Evaluates an expression (a string: nothing of the test's transpilation leaks in) in the popup. */
  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.send<{ result: { value: T }; exceptionDetails?: { exception?: { description?: string }; text: string } }>(
      'Runtime.evaluate',
      { expression, awaitPromise: true, returnByValue: true },
    );
    if (exceptionDetails) throw new Error(`In the popup: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  }

  /** Polls `expression` in the popup until it is truthy. */
  async waitFor(expression: string, timeout = 10_000): Promise<void> {
    const deadline = Date.now() + timeout;
    while (!(await this.evaluate<boolean>(`!!(${expression})`))) {
      if (Date.now() > deadline) throw new Error(`Timed out in the popup waiting for: ${expression}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** A trusted key press (a user gesture, like a real keyboard). */
  async press(key: 'Tab' | 'Enter' | 'Space', options: { shift?: boolean } = {}): Promise<void> {
    const keys = { Tab: { key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9 }, Enter: { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' }, Space: { key: ' ', code: 'Space', windowsVirtualKeyCode: 32, text: ' ' } }[key];
    const modifiers = options.shift ? 8 : 0;
    await this.send('Input.dispatchKeyEvent', { type: 'keyDown', modifiers, ...keys });
    await this.send('Input.dispatchKeyEvent', { type: 'keyUp', modifiers, key: keys.key, code: keys.code, windowsVirtualKeyCode: keys.windowsVirtualKeyCode });
  }

  async screenshot(): Promise<Buffer> {
    const { data } = await this.send<{ data: string }>('Page.captureScreenshot', { format: 'png' });
    return Buffer.from(data, 'base64');
  }

  async close(): Promise<void> {
    await this.session.send('Target.closeTarget', { targetId: this.targetId }).catch(() => undefined);
    await this.session.detach().catch(() => undefined);
  }
}
