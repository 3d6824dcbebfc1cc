import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { HostAdapter } from '../../utils/host/adapter-types';
import { adapterMatchesUrl } from '../../utils/host/match';
import { t } from '../../utils/i18n';
import { Notice } from '../bits';

type Access = { kind: 'none' } | { kind: 'needs-grant'; origin: string; pattern: string; label: string } | { kind: 'granted' };

/**
 * "Enable on this site": when the active tab is a host app that an adapter (from policy or the
 * options page) describes but the extension may not read yet, ask for that one site as an optional
 * host permission. The background then registers the content script for it and injects it into
 * the open tab (utils/background/dynamic-hosts.ts). activeTab lets the popup see the tab's URL.
 */
export function SiteAccess({ adapters }: { adapters: readonly HostAdapter[] }) {
  const [access, setAccess] = useState<Access>({ kind: 'none' });
  const [error, setError] = useState<string | null>(null);

  // Re-check only when the adapters' patterns change, not on every render of the popup.
  const adapterKey = adapters.map((a) => `${a.id}:${a.matches.join(',')}`).join('|');
  useEffect(() => {
    void (async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      const url = tab?.url;
      if (!url || !/^https?:/.test(url)) return;
      const adapter = adapters.find((a) => adapterMatchesUrl(a, url));
      if (!adapter) return;
      const { origin } = new URL(url);
      const pattern = `${origin}/*`;
      const has = await browser.permissions.contains({ origins: [pattern] });
      setAccess(has ? { kind: 'granted' } : { kind: 'needs-grant', origin, pattern, label: adapter.label });
    })().catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [adapterKey]);

  if (access.kind !== 'needs-grant') return null;
  const grant = async () => {
    try {
      // Must run from this click (a user gesture) in an extension page.
      const granted = await browser.permissions.request({ origins: [access.pattern] });
      if (granted) setAccess({ kind: 'granted' });
      else setError(t('uiSiteAccessDeclined'));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Notice kind="info" title={t('uiSiteAccessTitle', access.label)} testId="site-access">
      <p>{t('uiSiteAccessBody', new URL(access.origin).host)}</p>
      <button type="button" class="button primary" onClick={() => void grant()}>
        {t('uiSiteAccessGrant', new URL(access.origin).host)}
      </button>
      {error ? <p role="alert">{error}</p> : null}
    </Notice>
  );
}
