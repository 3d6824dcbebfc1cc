import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { HostAdapter } from '../../utils/host/adapter-types';
import { adapterMatchesUrl } from '../../utils/host/match';
import { siteOriginPatterns } from '../../utils/host/origin-pattern';
import { t } from '../../utils/i18n';
import { useAnnounce } from '../Announcer';
import { Button, Notice } from '../bits';

type Access =
  | { kind: 'none' }
  | { kind: 'needs-grant'; host: string; patterns: string[]; label: string }
  | { kind: 'granted'; host: string; justNow: boolean };

/**
 * "Enable on this site": when the active tab is a host app that an adapter (from policy or the
 * options page) describes but the extension may not read yet, ask for that one site as an optional
 * host permission. The background then registers the content script for it and injects it into
 * the open tab (utils/background/dynamic-hosts.ts). activeTab lets the popup see the tab's URL.
 *
 * The permission asked for is the adapter's own origin pattern (`http://crm.acme.example/*`, any
 * port), the same pattern the background checks before registering the script: asking for the
 * tab's exact origin (with its port) would grant something the background never looks for.
 */
export function SiteAccess({ adapters }: { adapters: readonly HostAdapter[] }) {
  const announce = useAnnounce();
  const [access, setAccess] = useState<Access>({ kind: 'none' });
  const [error, setError] = useState<string | null>(null);
  const grantedRef = useRef<HTMLParagraphElement>(null);

  // Re-check only when the adapters' patterns change, not on every render of the popup.
  const adapterKey = adapters.map((a) => `${a.id}:${a.matches.join(',')}`).join('|');
  useEffect(() => {
    void (async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      const url = tab?.url;
      if (!url || !/^https?:/.test(url)) return;
      const adapter = adapters.find((a) => adapterMatchesUrl(a, url));
      if (!adapter) return;
      const patterns = siteOriginPatterns(adapter, url);
      if (!patterns.length) return;
      const host = new URL(url).host;
      const has = await browser.permissions.contains({ origins: patterns });
      // A confirmation just shown stays (with its focus) when the popup's state refreshes.
      setAccess((current) =>
        has
          ? current.kind === 'granted' && current.justNow && current.host === host
            ? current
            : { kind: 'granted', host, justNow: false }
          : { kind: 'needs-grant', host, patterns, label: adapter.label },
      );
    })().catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [adapterKey]);

  // The button disappears with the grant: keep keyboard focus on what replaced it. A layout
  // effect, so focus is there in the same frame as the confirmation (a plain effect runs a frame
  // later, and for that frame focus was on the document body).
  useLayoutEffect(() => {
    if (access.kind === 'granted' && access.justNow) grantedRef.current?.focus();
  }, [access]);

  if (access.kind === 'none') return null;
  if (access.kind === 'granted') {
    // A site that was already enabled needs no word; one enabled from this popup gets a confirmation.
    if (!access.justNow) return null;
    return (
      <Notice kind="success" testId="site-access-granted">
        <p ref={grantedRef} tabIndex={-1}>
          {t('uiSiteAccessGranted')}
        </p>
      </Notice>
    );
  }
  const grant = async () => {
    setError(null);
    try {
      // Must run from this click (a user gesture) in an extension page.
      const granted = await browser.permissions.request({ origins: access.patterns });
      if (granted) {
        setAccess({ kind: 'granted', host: access.host, justNow: true });
        announce(t('uiSiteAccessGranted'));
      } else {
        setError(t('uiSiteAccessDeclined'));
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Notice kind="info" title={t('uiSiteAccessTitle', access.label)} testId="site-access">
      <p id="site-access-body">{t('uiSiteAccessBody', access.host)}</p>
      <Button variant="primary" aria-describedby="site-access-body" onClick={() => void grant()}>
        {t('uiSiteAccessGrant')}
      </Button>
      {error ? <p role="alert">{error}</p> : null}
    </Notice>
  );
}
