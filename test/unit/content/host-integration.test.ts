import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { HostAdapter } from '../../../utils/host/adapter-types';
import { DEMO_HOST_ADAPTER } from '../../../utils/host/builtin-adapters';

// The background, scripted: every content → background message goes through `send`.
const send = vi.fn<(type: string, data: unknown) => Promise<unknown>>();
vi.mock('../../../utils/messaging/content-protocol', () => ({
  contentToBackground: { sendMessage: (type: string, data: unknown) => send(type, data) },
  backgroundToContent: { onMessage: () => () => undefined },
}));
const { startHostIntegration } = await import('../../../utils/content/host-integration');
const { childScope } = await import('../../../utils/content/scope');

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
  history.replaceState(null, '', '/documents');
});
afterEach(() => {
  ctx?.notifyInvalidated();
  document.body.innerHTML = '';
});

describe('startHostIntegration', () => {
  it('decorates with the matching built-in adapter before the background answers', async () => {
    page(5);
    let answer!: (adapters: HostAdapter[]) => void;
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
    answer([structuredClone(DEMO_HOST_ADAPTER)]);
    await started;
    expect([...document.querySelectorAll('[data-swd-button]')]).toEqual(before);
  });

  it('switches to the background’s adapter when it differs (policy), leaving one button per item', async () => {
    page(4);
    const policy: HostAdapter = { ...structuredClone(DEMO_HOST_ADAPTER), documents: [{ ...DEMO_HOST_ADAPTER.documents[0]!, anchor: 'td.other-actions' }] };
    send.mockImplementation((type) => {
      if (type === 'content:adaptersFor') return Promise.resolve([policy]);
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
      if (type === 'content:adaptersFor') return Promise.resolve([DEMO_HOST_ADAPTER]);
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
      if (type === 'content:adaptersFor') return Promise.resolve([DEMO_HOST_ADAPTER]);
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
      if (type === 'content:adaptersFor') return Promise.resolve([DEMO_HOST_ADAPTER]);
      if (type === 'content:hello') return new Promise((resolve) => (hello = resolve));
      return Promise.resolve([]);
    });
    ctx = new ContentScriptContext('test');
    await startHostIntegration(ctx, [DEMO_HOST_ADAPTER]);
    expect(send.mock.calls.map(([type]) => type)).toContain('content:messages');
    hello({ target, now: 0 });
    await vi.waitFor(() => expect(document.querySelector('[data-swd-button]')!.shadowRoot!.querySelector('button')!.textContent).toBe('Send (primed) by Acme EU in demo'));
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
      if (type === 'content:adaptersFor') return Promise.resolve([DEMO_HOST_ADAPTER]);
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
