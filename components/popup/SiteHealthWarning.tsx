import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { SelectorHealth } from '../../utils/messaging/ui-protocol';
import { Notice } from '../bits';
import { healthForUrl, healthSummary, isUnhealthy } from '../format';
import { t } from '../../utils/i18n';

/** The active tab's URL (readable for sites the extension has access to). */
function useActiveTabUrl(): string | undefined {
  const [url, setUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    browser.tabs
      .query({ active: true, currentWindow: true })
      .then((tabs) => setUrl(tabs[0]?.url))
      .catch(() => setUrl(undefined));
  }, []);
  return url;
}

/** A warning when the adapter did not fit the current site's page last time it looked. */
export function SiteHealthWarning({ health }: { health: readonly SelectorHealth[] }) {
  const url = useActiveTabUrl();
  const bad = healthForUrl(health, url).filter(isUnhealthy);
  if (bad.length === 0) return null;
  return (
    <Notice kind="warning" title={t('uiPopupSiteWarning')} testId="site-health-warning">
      {bad.flatMap((h) => healthSummary(h).filter((v) => v.level === 'warning')).map((v, i) => (
        <p key={i}>{v.text}</p>
      ))}
    </Notice>
  );
}
