import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AnnouncerProvider } from '../../../components/Announcer';
import { SiteAccess } from '../../../components/popup/SiteAccess';
import { DEMO_HOST_ADAPTER } from '../../../utils/host/builtin-adapters';
import { en } from './en';
import { useMountPoint } from './mount-point';

/**
 * The popup's "Enable on this site". Real Chromium covers the grant (test/e2e/site-access.test.ts);
 * a declined prompt cannot be answered there, so it is covered here.
 */
const CRM = { ...DEMO_HOST_ADAPTER, id: 'crm', label: 'Acme CRM', matches: ['https://crm.acme.example/records/*', 'https://sales.acme.example/*'] };

let granted: Set<string>;
const flush = () => act(async () => { for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0)); });

async function show(url: string | undefined) {
  vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue(url === undefined ? [] : ([{ id: 7, url, active: true }] as never));
  act(() => render(null, mount.root)); // a fresh popup each time
  act(() => render(<AnnouncerProvider><SiteAccess adapters={[CRM]} /></AnnouncerProvider>, mount.root));
  await flush();
}

beforeEach(() => {
  (fakeBrowser.i18n as unknown as { getMessage: typeof en }).getMessage = en;
  granted = new Set();
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async (p) => (p.origins ?? []).every((o) => granted.has(o)));
});
afterEach(() => {
  vi.restoreAllMocks();
});
const mount = useMountPoint();

describe('popup SiteAccess', () => {
  it('offers access on a site an adapter names, asking for the adapter origin (any port), not the tab origin', async () => {
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async (p) => {
      for (const o of p.origins ?? []) granted.add(o);
      return true;
    });
    await show('https://crm.acme.example:8443/records/42');
    const notice = mount.root.querySelector('[data-testid="site-access"]')!;
    expect(notice.textContent).toContain('Acme CRM on this site');
    expect(notice.textContent).toContain('crm.acme.example:8443');
    const button = notice.querySelector('button')!;
    expect(button.textContent).toBe('Allow access');
    expect(mount.root.querySelector(`#${button.getAttribute('aria-describedby')}`)?.textContent).toContain('crm.acme.example:8443');
    button.focus();
    await act(async () => button.click());
    await flush();
    expect(request).toHaveBeenCalledWith({ origins: ['https://crm.acme.example/*'] });
    expect(mount.root.querySelector('[data-testid="site-access"]')).toBeNull();
    const confirmation = mount.root.querySelector('[data-testid="site-access-granted"] p')!;
    expect(confirmation.textContent).toBe('Access granted.');
    expect(document.activeElement).toBe(confirmation);
  });

  it('says so when the browser prompt is declined, and keeps the button', async () => {
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(false);
    await show('https://sales.acme.example/deals');
    await act(async () => mount.root.querySelector<HTMLButtonElement>('[data-testid="site-access"] button')!.click());
    await flush();
    expect(mount.root.querySelector('[role="alert"]')?.textContent).toBe(en('uiSiteAccessDeclined'));
    expect(mount.root.querySelector('[data-testid="site-access"] button')).not.toBeNull();
  });

  it('shows nothing on a granted site, a site no adapter names, or a tab whose URL it may not see', async () => {
    await show('https://crm.acme.example/records/1');
    expect(mount.root.querySelector('[data-testid="site-access"]')).not.toBeNull(); // the control: not granted yet
    granted.add('https://crm.acme.example/*');
    await show('https://crm.acme.example/records/1');
    expect(mount.root.querySelector('[data-testid^="site-access"]')).toBeNull();
    await show('https://crm.acme.example/settings'); // the adapter names /records/* only
    expect(mount.root.querySelector('[data-testid^="site-access"]')).toBeNull();
    await show(undefined);
    expect(mount.root.querySelector('[data-testid^="site-access"]')).toBeNull();
  });
});
