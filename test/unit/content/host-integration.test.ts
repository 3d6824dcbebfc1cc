import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { HostAdapter } from '../../../utils/host/adapter-types';
import type { AdaptersForPage } from '../../../utils/messaging/content-protocol';
import { DEMO_HOST_ADAPTER } from '../../../utils/host/builtin-adapters';
import { fakeBrowser } from 'wxt/testing/fake-browser';

// The background, scripted: every content → background message goes through `send`.
const send = vi.fn<(type: string, data: unknown) => Promise<unknown>>();
vi.mock('../../../utils/messaging/content-protocol', () => ({
  contentToBackground: { sendMessage: (type: string, data: unknown) => send(type, data) },
  backgroundToContent: { onMessage: () => () => undefined },
}));
const { startHostIntegration } = await import('../../../utils/content/host-integration');
const { childScope } = await import('../../../utils/content/scope');
const { resetPrimedMessages } = await import('../../../utils/i18n');
const { buttonLabelKey } = await import('../../../utils/content/send-button');

function page(rows: number) {
  document.body.innerHTML =
    '<div id="current-user" data-user-id="u-1" data-email="emma@host.example"><span class="user-name">Emma</span></div>' +
    '<table><tbody id="doc-rows"></tbody></table>';
  const body = document.getElementById('doc-rows')!;
  for (let i = 1; i <= rows; i++) {
    const tr = document.createElement('tr');
    tr.className = 'doc-row';
    tr.innerHTML = `<td><a class="doc-link" href="/files/d-${i}/Doc.pdf" data-file-name="Doc ${i}.pdf" data-file-type="pdf">Doc</a></td>`;
    tr.append(Object.assign(document.createElement('td'), { className: 'doc-actions' }));
    tr.append(Object.assign(document.createElement('td'), { className: 'other-actions' }));
    body.append(tr);
  }
}

const hostsIn = (selector: string) => [...document.querySelectorAll(selector)].map((el) => el.querySelectorAll('[data-swd-button]').length).join('');
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const READY = { target: { status: 'ready', profileLabel: 'Acme EU', environmentLabel: 'demo' }, now: 0 };

let ctx: ContentScriptContext;
beforeEach(() => {
  send.mockReset();
  // Each test starts without primed UI strings (the content script's module state).
  resetPrimedMessages();
  history.replaceState(null, '', '/documents');
});
afterEach(() => {
  ctx?.notifyInvalidated();
  document.body.innerHTML = '';
});

describe('startHostIntegration', () => {
  it('decorates with the matching built-in adapter before the background answers', async () => {
    page(5);
    let answer!: (page: AdaptersForPage) => void;
    send.mockImplementation((type) => {
      if (type === 'content:adaptersFor') return new Promise((resolve) => (answer = resolve as never));
      if (type === 'content:hello') return Promise.resolve(READY);
      return Promise.resolve([]);
    });
    ctx = new ContentScriptContext('test');
    const started = startHostIntegration(ctx, [DEMO_HOST_ADAPTER]);
    // Synchronously, with no answer from the background yet.
    expect(hostsIn('td.doc-actions')).toBe('11111');
    // The background's effective adapter is the same: nothing is redone.
    const before = [...document.querySelectorAll('[data-swd-button]')];
    answer({ adapters: [structuredClone(DEMO_HOST_ADAPTER)], itemPx: {}, lastTarget: null });
    await started;
    expect([...document.querySelectorAll('[data-swd-button]')]).toEqual(before);
  });

  it('switches to the background’s adapter when it differs (policy), leaving one button per item', async () => {
    page(4);
    const policy: HostAdapter = { ...structuredClone(DEMO_HOST_ADAPTER), documents: [{ ...DEMO_HOST_ADAPTER.documents[0]!, anchor: 'td.other-actions' }] };
    send.mockImplementation((type) => {
      if (type === 'content:adaptersFor') return Promise.resolve({ adapters: [policy], itemPx: {}, lastTarget: null });
      if (type === 'content:hello') return Promise.resolve(READY);
      return Promise.resolve([]);
    });
    ctx = new ContentScriptContext('test');
    const started = startHostIntegration(ctx, [DEMO_HOST_ADAPTER]);
    expect(hostsIn('td.doc-actions')).toBe('1111');
    await started;
    expect(hostsIn('td.doc-actions')).toBe('0000');
    expect(hostsIn('td.other-actions')).toBe('1111');
    expect(hostsIn('tr.doc-row')).toBe('1111');
  });

  it('looks up jobs only for decorated items, with the host user, after hello', async () => {
    page(300);
    send.mockImplementation((type) => {
      if (type === 'content:adaptersFor') return Promise.resolve({ adapters: [DEMO_HOST_ADAPTER], itemPx: {}, lastTarget: null });
      if (type === 'content:hello') return Promise.resolve(READY);
      return Promise.resolve(type === 'content:jobsForDocuments' ? [] : undefined);
    });
    ctx = new ContentScriptContext('test');
    await startHostIntegration(ctx, [DEMO_HOST_ADAPTER]);
    await vi.waitFor(() => expect(send.mock.calls.some(([type]) => type === 'content:jobsForDocuments')).toBe(true));
    await tick();
    const lookups = send.mock.calls.filter(([type]) => type === 'content:jobsForDocuments').map(([, data]) => data as { documentUrls: string[]; hostUser: { id: string } });
    const urls = lookups.flatMap((d) => d.documentUrls);
    const decorated = document.querySelectorAll('[data-swd-button]').length;
    expect(decorated).toBeLessThan(300);
    expect(urls).toHaveLength(decorated);
    expect(new Set(urls).size).toBe(urls.length);
    expect(lookups.every((d) => d.hostUser.id === 'u-1')).toBe(true);
  });

  it('shows each decorated document the newest of its jobs (the background lists newest first), one pass for a whole answer', async () => {
    page(4);
    const origin = location.origin;
    const job = (id: string, doc: number, state: string, updatedAt: number) => ({
      id,
      state,
      mode: 'direct',
      documentUrl: `${origin}/files/d-${doc}/Doc.pdf`,
      documentName: `Doc ${doc}.pdf`,
      updatedAt,
    });
    send.mockImplementation((type) => {
      if (type === 'content:adaptersFor') return Promise.resolve({ adapters: [DEMO_HOST_ADAPTER], itemPx: {}, lastTarget: null });
      if (type === 'content:hello') return Promise.resolve(READY);
      if (type === 'content:jobsForDocuments') {
        // d-1: sent (newest), then an older failed attempt; d-3: a draft; d-9: not on the page.
        return Promise.resolve([job('j3', 1, 'sent', 3), job('j2', 3, 'created', 2), job('j1', 1, 'failed', 1), job('j0', 9, 'sent', 0)]);
      }
      return Promise.resolve(undefined);
    });
    ctx = new ContentScriptContext('test');
    await startHostIntegration(ctx, [DEMO_HOST_ADAPTER]);
    const badges = () =>
      [...document.querySelectorAll('tr.doc-row')].map((row) => {
        const badge = row.querySelector('[data-swd-button]')?.shadowRoot?.querySelector<HTMLElement>('.badge');
        return badge && !badge.hidden ? badge.dataset.kind : '-';
      });
    await vi.waitFor(() => expect(badges()).toEqual(['sent', '-', 'draft', '-']));
  });

  it('labels buttons from the UI strings the background hands over (no i18n.getMessage in the page)', async () => {
    page(2);
    const target = { status: 'ready', profileLabel: 'Acme EU', environmentLabel: 'demo' };
    let hello!: (result: unknown) => void;
    send.mockImplementation((type) => {
      if (type === 'content:messages') return Promise.resolve({ buttonSend: 'Send (primed)', buttonWhere: 'by \uE0001\uE001 in \uE0002\uE001' });
      if (type === 'content:adaptersFor') return Promise.resolve({ adapters: [DEMO_HOST_ADAPTER], itemPx: {}, lastTarget: null });
      if (type === 'content:hello') return new Promise((resolve) => (hello = resolve));
      return Promise.resolve([]);
    });
    ctx = new ContentScriptContext('test');
    await startHostIntegration(ctx, [DEMO_HOST_ADAPTER]);
    expect(send.mock.calls.map(([type]) => type)).toContain('content:messages');
    hello({ target, now: 0 });
    await vi.waitFor(() => expect(document.querySelector('[data-swd-button]')!.shadowRoot!.querySelector('button')!.textContent).toBe('Send (primed) by Acme EU in demo'));
  });

  describe('the items\' height from an earlier load', () => {
    /** Every IntersectionObserver made, in order (happy-dom has no layout: the test reports). */
    let observers: Array<{ observed: Element[]; report(heights: number[]): void }> = [];
    class RecordingObserver {
      observed: Element[] = [];
      constructor(readonly callback: (entries: Array<{ target: Element; boundingClientRect: { height: number } }>) => void) {
        observers.push(this);
      }
      observe(el: Element) {
        this.observed.push(el);
      }
      unobserve() {}
      disconnect() {}
      report(heights: number[]) {
        this.callback(heights.map((height, i) => ({ target: this.observed[i]!, boundingClientRect: { height } })));
      }
    }
    /** The page still loading when the script starts; DOMContentLoaded once `loaded()` is called. */
    const loadingPage = (rows: number, itemPx: Record<string, number>, lastTarget: unknown = null, hello: () => Promise<unknown> = () => Promise.resolve(READY)) => {
      observers = [];
      vi.stubGlobal('IntersectionObserver', RecordingObserver);
      page(rows);
      let readyState: DocumentReadyState = 'loading';
      Object.defineProperty(document, 'readyState', { configurable: true, get: () => readyState });
      send.mockImplementation((type) => {
        if (type === 'content:adaptersFor') return Promise.resolve({ adapters: [DEMO_HOST_ADAPTER], itemPx, lastTarget });
        if (type === 'content:hello') return hello();
        // The background's copy of the catalogue has not arrived by DOMContentLoaded.
        if (type === 'content:messages') return new Promise(() => undefined);
        return Promise.resolve(type === 'content:jobsForDocuments' ? [] : undefined);
      });
      ctx = new ContentScriptContext('test');
      const started = startHostIntegration(ctx, [DEMO_HOST_ADAPTER]);
      return async () => {
        for (let i = 0; i < 3; i++) await tick(); // the background's answer and the early poll
        readyState = 'interactive';
        document.dispatchEvent(new Event('DOMContentLoaded'));
        await started;
      };
    };
    afterEach(() => {
      vi.unstubAllGlobals();
      delete (document as { readyState?: unknown }).readyState;
    });
    const itemHeightReports = () => send.mock.calls.filter(([type]) => type === 'content:itemHeight').map(([, data]) => data);

    it('sizes the first buttons by it when this load rendered no frame, then reports what this load measured', async () => {
      const loaded = loadingPage(400, { 'demo-host': 40 });
      await loaded();
      // firstPassCount(viewport, 3, 40): rows down to 30 px; 16 px without the hint.
      const withHint = Math.ceil((3 * window.innerHeight) / 30);
      expect(document.querySelectorAll('[data-swd-button]')).toHaveLength(withHint);
      expect(withHint).toBeLessThan(Math.min(160, Math.ceil((3 * window.innerHeight) / 16)));
      // The first frame after DOMContentLoaded: the first rows are 44 px now (the app changed).
      const watch = observers.at(-1)!;
      expect(watch.observed).toEqual([...document.querySelectorAll('tr.doc-row')].slice(0, 3));
      watch.report([44, 44, 44]);
      await vi.waitFor(() => expect(itemHeightReports()).toEqual([{ adapterId: 'demo-host', px: 44 }]));
      watch.report([20]);
      for (let i = 0; i < 3; i++) await tick();
      expect(itemHeightReports()).toHaveLength(1);
    });

    it('the last hello answer on the site labels the first buttons when it was for this host user; the hello then writes nothing', async () => {
      const signIn = { status: 'sign-in', profileLabel: 'Acme EU' };
      let answerHello!: (result: unknown) => void;
      // The hello is sent after the early poll; it is answered only after DOMContentLoaded here.
      const loaded = loadingPage(20, {}, { hostUserId: 'u-1', target: signIn }, () => new Promise((resolve) => (answerHello = resolve)));
      await loaded();
      const labels = () => [...document.querySelectorAll('[data-swd-button]')].map((host) => host.shadowRoot!.querySelector('button')!.dataset.status);
      expect(labels()).toEqual(Array(20).fill('sign-in'));
      const records: MutationRecord[] = [];
      const mo = new MutationObserver((r) => records.push(...r));
      for (const host of document.querySelectorAll('[data-swd-button]')) mo.observe(host.shadowRoot!, { subtree: true, childList: true, characterData: true, attributes: true });
      answerHello({ target: { ...signIn }, now: 0 });
      for (let i = 0; i < 3; i++) await tick();
      expect(records).toEqual([]);
      mo.disconnect();
    });

    it('a first visit (no label remembered): the loading page is watched, and the hello goes out before DOMContentLoaded', async () => {
      const loaded = loadingPage(400, { 'demo-host': 40 });
      for (let i = 0; i < 5; i++) await tick();
      expect(send.mock.calls.filter(([type]) => type === 'content:hello')).toHaveLength(1);
      // The first rows' height is watched while the page loads.
      expect(observers[0]?.observed).toEqual([...document.querySelectorAll('tr.doc-row')].slice(0, 3));
      await loaded();
      expect(send.mock.calls.filter(([type]) => type === 'content:hello')).toHaveLength(1);
    });

    it('both hints from earlier loads: the loading page is left alone, and the hello that confirms the label waits until the page is idle', async () => {
      const signIn = { status: 'sign-in', profileLabel: 'Acme EU' };
      // Idle periods come when the test says so.
      const idle: Array<{ run: IdleRequestCallback; options?: IdleRequestOptions }> = [];
      vi.stubGlobal('requestIdleCallback', (run: IdleRequestCallback, options?: IdleRequestOptions) => idle.push({ run, options }));
      vi.stubGlobal('cancelIdleCallback', () => undefined);
      const loaded = loadingPage(400, { 'demo-host': 40 }, { hostUserId: 'u-1', target: signIn });
      const hellos = () => send.mock.calls.filter(([type]) => type === 'content:hello').length;
      for (let i = 0; i < 5; i++) await tick();
      // While the page loads: no hello, no height watch (no IntersectionObserver), no poll.
      expect(hellos()).toBe(0);
      expect(send.mock.calls.map(([type]) => type).sort()).toEqual(['content:adaptersFor', 'content:messages']);
      expect(observers).toHaveLength(0);
      await loaded();
      // The first pass, sized by the remembered height, with the remembered label.
      const statuses = [...document.querySelectorAll('[data-swd-button]')].map((host) => host.shadowRoot!.querySelector('button')!.dataset.status);
      expect(statuses).toEqual(Array(Math.ceil((3 * window.innerHeight) / 30)).fill('sign-in'));
      // Not in the DOMContentLoaded dispatch: once the page is idle (or after a second at the latest).
      for (let i = 0; i < 3; i++) await tick();
      expect(hellos()).toBe(0);
      expect(idle.some(({ options }) => options?.timeout === 1000)).toBe(true);
      for (const { run } of idle.splice(0)) run({ didTimeout: false, timeRemaining: () => 10 });
      await vi.waitFor(() => expect(hellos()).toBe(1));
      // While the stand-ins are still there (the scope cancels what is pending).
      ctx.notifyInvalidated();
    });

    it('the last hello answer on the site was for another host user: neutral labels until this user’s hello is answered', async () => {
      let answerHello!: (result: unknown) => void;
      const loaded = loadingPage(5, {}, { hostUserId: 'someone-else', target: { status: 'denied', message: 'Not for you' } }, () => new Promise((resolve) => (answerHello = resolve)));
      await loaded();
      const statuses = () => [...document.querySelectorAll('[data-swd-button]')].map((host) => host.shadowRoot!.querySelector('button')!.dataset.status);
      expect(statuses()).toEqual(Array(5).fill('ready'));
      expect(document.querySelector('[data-swd-button]')!.shadowRoot!.querySelector('.where')!.textContent).toBe('');
      answerHello(structuredClone(READY));
      await vi.waitFor(() => expect(document.querySelector('[data-swd-button]')!.shadowRoot!.querySelector('.where')!.textContent).toBe(' via Acme EU · demo'));
    });

    it('the first labels come from the bundled strings while the background’s catalogue is on its way: no i18n.getMessage (a synchronous IPC)', async () => {
      const getMessage = vi.spyOn(fakeBrowser.i18n, 'getMessage');
      // Fresh objects: labels are cached per target object (an earlier test labelled READY.target with keys).
      const loaded = loadingPage(3, {}, { hostUserId: 'u-1', target: structuredClone(READY.target) }, () => new Promise(() => undefined));
      await loaded();
      const button = document.querySelector('[data-swd-button]')!.shadowRoot!.querySelector('button')!;
      expect(button.textContent).toBe('Send with DocuSign via Acme EU · demo');
      expect(button.getAttribute('aria-label')).toBe('Send Doc 1.pdf with DocuSign via Acme EU');
      expect(getMessage).not.toHaveBeenCalled();
      getMessage.mockRestore();
    });

    /** The buttons' size rule (sizeButtons) in the stylesheet they share, if there is one. */
    const sizeRule = () =>
      [...document.querySelector('[data-swd-button]')!.shadowRoot!.adoptedStyleSheets[0]!.cssRules].find(
        (rule): rule is CSSStyleRule => 'style' in rule && (rule as CSSStyleRule).style.getPropertyValue('contain') !== '',
      );
    const widthReports = () => send.mock.calls.filter(([type]) => type === 'content:buttonWidth').map(([, data]) => data);

    it('a width measured on an earlier load for these labels fixes the buttons’ size from the first pass; other labels size them by content again, measured for the next load', async () => {
      const signIn = { status: 'sign-in', profileLabel: 'Acme EU' } as const;
      let answerHello!: (result: unknown) => void;
      const hint: Record<string, unknown> = { hostUserId: 'u-1', target: signIn };
      const loaded = loadingPage(5, {}, hint, () => new Promise((resolve) => (answerHello = resolve)));
      hint.buttonWidth = { labelKey: buttonLabelKey(signIn), px: 235.7 };
      await loaded();
      expect(sizeRule()?.style.getPropertyValue('contain-intrinsic-width')).toBe('236px');
      // Fixed, the width is not measured again.
      for (let i = 0; i < 5; i++) await tick();
      expect(widthReports()).toEqual([]);

      // Hosts 250 px wide as their new labels set them (no layout in this DOM).
      const box = Element.prototype.getBoundingClientRect;
      vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
        return this.hasAttribute('data-swd-button') ? ({ width: 250, height: 28 } as DOMRect) : box.call(this);
      });
      const ready = structuredClone(READY);
      answerHello(ready);
      await vi.waitFor(() => expect(sizeRule()).toBeUndefined());
      await vi.waitFor(() => expect(widthReports()).toEqual([{ target: ready.target, labelKey: buttonLabelKey(ready.target as never), px: 250 }]));
      vi.restoreAllMocks();
    });

    /**
     * Layout as the fixed width would make it (no layout in this DOM): hosts `fixedPx` wide with
     * the "via …" part cut short while the size rule is there, `contentPx` wide and uncut without.
     */
    const layoutWith = (fixedPx: number, contentPx: number) => {
      const box = Element.prototype.getBoundingClientRect;
      vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
        if (!this.hasAttribute('data-swd-button')) return box.call(this);
        return { width: sizeRule() ? fixedPx : contentPx, height: 28 } as DOMRect;
      });
      const cut = (el: HTMLElement) => el.classList.contains('where') && sizeRule() !== undefined;
      vi.spyOn(HTMLElement.prototype, 'scrollWidth', 'get').mockImplementation(function (this: HTMLElement) {
        return cut(this) ? 120 : 80;
      });
      vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(80);
    };

    const SIGN_IN = { status: 'sign-in', profileLabel: 'Acme EU' } as const;
    /** A repeat visit whose remembered width (235.7 px) is for the sign-in labels it shows, laid out as layoutWith says. */
    const sizedVisit = async (fixedPx: number, contentPx: number) => {
      const hint: Record<string, unknown> = { hostUserId: 'u-1', target: SIGN_IN };
      const loaded = loadingPage(5, {}, hint, () => new Promise(() => undefined));
      hint.buttonWidth = { labelKey: buttonLabelKey(SIGN_IN), px: 235.7 };
      layoutWith(fixedPx, contentPx);
      await loaded();
      expect(sizeRule()).toBeDefined();
    };

    it('a remembered width that no longer holds the labels (a larger minimum font size since): buttons size themselves again, measured anew', async () => {
      const signIn = SIGN_IN;
      await sizedVisit(236, 262);
      await vi.waitFor(() => expect(widthReports()).toEqual([{ target: signIn, labelKey: buttonLabelKey(signIn), px: 262 }]));
      expect(sizeRule()).toBeUndefined();
      vi.restoreAllMocks();
    });

    it('a fixed width cut short by a narrower cell (not by the width): the size stays fixed', async () => {
      await sizedVisit(170, 170);
      for (let i = 0; i < 10; i++) await tick();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(sizeRule()).toBeDefined();
      expect(widthReports()).toEqual([]);
      vi.restoreAllMocks();
    });

    it('a width measured for other labels (another language, another answer since): buttons size themselves', async () => {
      const signIn = { status: 'sign-in', profileLabel: 'Acme EU' } as const;
      await loadingPage(5, {}, { hostUserId: 'u-1', target: signIn, buttonWidth: { labelKey: 'ready\nSenden\n', px: 235.7 } }, () => new Promise(() => undefined))();
      expect(document.querySelectorAll('[data-swd-button]')).toHaveLength(5);
      expect(sizeRule()).toBeUndefined();
    });

    it('nothing remembered: the guess for the smallest items; a height as remembered is not reported again', async () => {
      await loadingPage(400, {})();
      expect(document.querySelectorAll('[data-swd-button]')).toHaveLength(Math.min(160, Math.ceil((3 * window.innerHeight) / 16)));
      ctx.notifyInvalidated();
      send.mockReset();
      document.body.innerHTML = '';
      await loadingPage(400, { 'demo-host': 40 })();
      observers.at(-1)!.report([40, 40, 40]);
      for (let i = 0; i < 5; i++) await tick();
      expect(itemHeightReports()).toEqual([]);
    });
  });

  it('an answer without the hints (a background of another version): the built-in adapter serves, nothing breaks', async () => {
    page(3);
    send.mockImplementation((type) => {
      if (type === 'content:adaptersFor') return Promise.resolve([DEMO_HOST_ADAPTER]);
      if (type === 'content:hello') return Promise.resolve(READY);
      return Promise.resolve(undefined);
    });
    // Still loading when the answer comes: DOMContentLoaded then reads the hints from it.
    Object.defineProperty(document, 'readyState', { configurable: true, get: () => 'loading' });
    try {
      ctx = new ContentScriptContext('test');
      const started = startHostIntegration(ctx, [DEMO_HOST_ADAPTER]);
      for (let i = 0; i < 3; i++) await tick();
      document.dispatchEvent(new Event('DOMContentLoaded'));
      await started;
    } finally {
      delete (document as { readyState?: unknown }).readyState;
    }
    expect(hostsIn('td.doc-actions')).toBe('111');
  });

  it('a click whose send flow cannot be loaded: one clear message, nothing sent, and the next click tries again', async () => {
    page(1);
    let refuse = true;
    send.mockImplementation((type) => {
      if (type === 'content:adaptersFor') return Promise.resolve({ adapters: [DEMO_HOST_ADAPTER], itemPx: {}, lastTarget: null });
      if (type === 'content:hello') return Promise.resolve(READY);
      if (type === 'content:loadSendModule') {
        return Promise.resolve(refuse ? { ok: false, message: 'The browser did not let the extension load its sending code into this page: No frame.' } : { ok: true });
      }
      return Promise.resolve([]);
    });
    ctx = new ContentScriptContext('test');
    await startHostIntegration(ctx, [DEMO_HOST_ADAPTER]);
    for (let i = 0; i < 3; i++) await tick();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const click = () => {
      const button = document.querySelector('[data-swd-button]')!.shadowRoot!.querySelector('button')!;
      // A user's click (the button ignores the page's synthetic ones).
      const event = new MouseEvent('click', { bubbles: true, composed: true });
      Object.defineProperty(event, 'isTrusted', { value: true });
      button.dispatchEvent(event);
    };
    try {
      click();
      await vi.waitFor(() => expect(document.querySelector('[data-swd-toast]')?.shadowRoot?.textContent).toContain('errorSendModuleUnavailable'));
      expect(send.mock.calls.map(([type]) => type)).not.toContain('content:prepareSend');
      expect(warn.mock.calls.join(' ')).toContain('No frame.');
      // The next click asks again (this time the background injects, but no module hands itself
      // over in this test's world, so it fails the same clear way).
      refuse = false;
      click();
      await vi.waitFor(() => expect(send.mock.calls.filter(([type]) => type === 'content:loadSendModule')).toHaveLength(2));
      await vi.waitFor(() => expect(warn.mock.calls.join(' ')).toContain('did not start'));
    } finally {
      warn.mockRestore();
    }
  });

  it('the background unreachable: the built-in adapter keeps serving', async () => {
    page(2);
    send.mockImplementation(() => Promise.reject(new Error('Could not establish connection')));
    ctx = new ContentScriptContext('test');
    await startHostIntegration(ctx, [DEMO_HOST_ADAPTER]);
    expect(hostsIn('td.doc-actions')).toBe('11');
  });
});

describe('childScope', () => {
  it('stops on its own without invalidating the parent; the parent’s end stops it', async () => {
    ctx = new ContentScriptContext('test');
    const child = childScope(ctx);
    const timer = vi.fn();
    const listener = vi.fn();
    const ended = vi.fn();
    child.setTimeout(timer, 0);
    child.addEventListener(document, 'click', listener);
    child.onInvalidated(ended);
    child.stop();
    document.dispatchEvent(new Event('click'));
    await tick();
    expect([timer.mock.calls.length, listener.mock.calls.length, ended.mock.calls.length]).toEqual([0, 0, 1]);
    expect(child.isValid).toBe(false);
    expect(ctx.isValid).toBe(true);

    const second = childScope(ctx);
    const secondEnded = vi.fn();
    second.onInvalidated(secondEnded);
    ctx.notifyInvalidated();
    expect(second.isValid).toBe(false);
    expect(secondEnded).toHaveBeenCalledOnce();
  });
});

describe('back from the sender view', () => {
  const JOB = '0b9f6c2e-4a1d-4c3b-9e8f-7a6b5c4d3e2f';
  const start = (onReturn: () => Promise<unknown>) => {
    page(2);
    history.replaceState(null, '', `/documents?tab=docs&swdJob=${JOB}&event=Send`);
    send.mockImplementation((type) => {
      if (type === 'content:senderViewReturned') return onReturn();
      if (type === 'content:adaptersFor') return Promise.resolve({ adapters: [DEMO_HOST_ADAPTER], itemPx: {}, lastTarget: null });
      if (type === 'content:hello') return Promise.resolve(READY);
      return Promise.resolve([]);
    });
    ctx = new ContentScriptContext('test');
    return startHostIntegration(ctx, [DEMO_HOST_ADAPTER]);
  };

  it('reports the event, then removes swdJob and event from the URL (other parameters kept)', async () => {
    await start(() => Promise.resolve(null));
    for (let i = 0; i < 5; i++) await tick();
    expect(send).toHaveBeenCalledWith('content:senderViewReturned', { jobId: JOB, event: 'Send' });
    expect(location.search).toBe('?tab=docs');
  });

  it('keeps them when the report fails (a reload reports again) and says so', async () => {
    await start(() => Promise.reject(new Error('Extension context invalidated.')));
    for (let i = 0; i < 5; i++) await tick();
    expect(location.search).toBe(`?tab=docs&swdJob=${JOB}&event=Send`);
  });
});
