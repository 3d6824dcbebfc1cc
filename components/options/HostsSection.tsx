import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Effective, HostAdapter } from '../../utils/config/types';
import type { SelectorHealth, UiState } from '../../utils/messaging/ui-protocol';
import { useAnnounce } from '../Announcer';
import { Button, Code, Facts, ManagedNote, SourceBadge, PolicyRejectedNote } from '../bits';
import { formatDateTime, healthSummary } from '../format';
import { t } from '../../utils/i18n';
import { rejectionsUnder } from '../rejections';
import { CopyButton } from '../CopyButton';
import { AdapterEditor } from './AdapterEditor';
import { IgnoredList } from './IgnoredList';
import { SectionFrame } from './SectionFrame';

function HealthList({ entries }: { entries: readonly SelectorHealth[] }) {
  if (entries.length === 0) return <p class="muted small">{t('uiHealthNone')}</p>;
  return (
    <ul class="plain-list health">
      {entries.map((h) => (
        <li key={`${h.origin}${h.path}`}>
          {healthSummary(h).map((v, i) => (
            <p key={i} class={v.level === 'warning' ? 'health-warning' : 'health-ok'}>
              <span aria-hidden="true">{v.level === 'warning' ? '⚠ ' : '✓ '}</span>
              <span class="visually-hidden">{v.level === 'warning' ? t('uiWarningPrefix') : ''} </span>
              {v.text}
            </p>
          ))}
          <p class="muted small">{t('uiHealthChecked', [h.origin, formatDateTime(h.checkedAt)])}</p>
        </li>
      ))}
    </ul>
  );
}

/** Site access for an adapter's patterns (optional host permissions are granted per site). */
function SiteAccess({ matches }: { matches: readonly string[] }) {
  const announce = useAnnounce();
  const [granted, setGranted] = useState<boolean | null>(null);
  useEffect(() => {
    browser.permissions
      .contains({ origins: [...matches] })
      .then(setGranted)
      .catch(() => setGranted(null));
  }, [matches.join(' ')]);
  if (granted !== false) return null;
  return (
    <p class="site-access">
      {t('uiSiteAccessMissing')}{' '}
      <Button
        onClick={() =>
          void browser.permissions
            .request({ origins: [...matches] })
            .then((ok) => {
              setGranted(ok);
              announce(ok ? t('uiSiteAccessGranted') : t('uiSiteAccessRefused'));
            })
            .catch((error: unknown) => announce(String(error)))
        }
      >
        {t('uiSiteAccessGrant')}
      </Button>
    </p>
  );
}

function AdapterItem({ entry, health }: { entry: Effective<HostAdapter>; health: readonly SelectorHealth[] }) {
  const a = entry.value;
  const titleId = `adapter-${a.id}-title`;
  return (
    <li class="card" aria-labelledby={titleId} data-adapter={a.id}>
      <div class="card-head">
        <h3 id={titleId} class="card-title">
          {a.label}
        </h3>
        <SourceBadge source={entry.source} />
      </div>
      <Facts
        items={[
          [t('uiAdapterId'), <Code>{a.id}</Code>],
          [
            t('uiAdapterMatches'),
            <ul class="plain-list">
              {a.matches.map((m) => (
                <li key={m}>
                  <Code>{m}</Code>
                </li>
              ))}
            </ul>,
          ],
        ]}
      />
      {entry.locked ? <ManagedNote /> : null}
      {entry.source !== 'default' ? <SiteAccess matches={a.matches} /> : null}
      <details class="json-view">
        <summary>{t('uiAdapterShowJson')}</summary>
        <pre class="code-pre">{JSON.stringify(a, null, 2)}</pre>
        <CopyButton label={t('uiCopyJson')} text={JSON.stringify(a, null, 2)} />
      </details>
      <h4>{t('uiHealthHeading')}</h4>
      <HealthList entries={health.filter((h) => h.adapterId === a.id)} />
    </li>
  );
}

/** "Host apps": the adapters that read the business app's pages, and how well they still fit. */
export function HostsSection({ state, refresh }: { state: UiState; refresh: () => Promise<void> }) {
  const { config } = state;
  return (
    <SectionFrame id="hosts" title={t('uiSectionHosts')} intro={t('uiHostsIntro')}>
      <PolicyRejectedNote count={rejectionsUnder(state.policy.rejected, 'hostAdapters').length} />
      <ul class="cards plain-list" aria-label={t('uiSectionHosts')}>
        {config.adapters.map((entry) => (
          <AdapterItem key={entry.value.id} entry={entry} health={state.selectorHealth} />
        ))}
      </ul>
      <IgnoredList entries={config.ignored.filter((e) => e.kind === 'adapter')} />
      <h3>{t('uiMyAdaptersHeading')}</h3>
      <AdapterEditor local={state.local} onSaved={() => void refresh()} />
    </SectionFrame>
  );
}
