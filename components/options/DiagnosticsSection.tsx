import { SETTING_DEFINITIONS, SETTING_KEYS } from '../../utils/config/settings';
import { uiToBackground, type UiState } from '../../utils/messaging/ui-protocol';
import { Code, Facts, Notice, SourceBadge, WarningList } from '../bits';
import { CopyButton } from '../CopyButton';
import { formatDateTime } from '../format';
import { t } from '../../utils/i18n';
import { IgnoredList } from './IgnoredList';
import { SectionFrame } from './SectionFrame';

function PolicyFacts({ state }: { state: UiState }) {
  const p = state.policy;
  const origin = p.origin === 'managed-storage' ? t('uiPolicyOriginLive') : p.origin === 'cache' ? t('uiPolicyOriginCache') : t('uiPolicyOriginUnavailable');
  return (
    <Facts
      items={[
        [t('uiPolicyStatus'), p.status === 'managed' ? t('uiPolicyManaged') : t('uiPolicyUnmanaged')],
        [t('uiPolicyReadAt'), p.readAt > 0 ? formatDateTime(p.readAt) : t('uiPolicyNeverRead')],
        [t('uiPolicyOrigin'), origin],
      ]}
    />
  );
}

function RejectedTable({ state }: { state: UiState }) {
  const rejected = state.policy.rejected;
  if (rejected.length === 0) return <p class="muted">{t('uiNoRejected')}</p>;
  return (
    <table class="table stack" data-testid="rejected-table">
      <caption class="visually-hidden">{t('uiRejectedHeading')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('uiColPath')}</th>
          <th scope="col">{t('uiColEntry')}</th>
          <th scope="col">{t('uiColReason')}</th>
        </tr>
      </thead>
      <tbody>
        {rejected.map((r, i) => (
          <tr key={i}>
            <td class="col-path" data-label={t('uiColPath')}>
              <Code>{r.path || '—'}</Code>
            </td>
            <td class="col-nowrap" data-label={t('uiColEntry')}>
              {r.entryId ?? '—'}
            </td>
            <td data-label={t('uiColReason')}>{r.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SettingsTable({ state }: { state: UiState }) {
  return (
    <table class="table stack" data-testid="settings-table">
      <caption class="visually-hidden">{t('uiEffectiveSettings')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('uiColSetting')}</th>
          <th scope="col">{t('uiColValue')}</th>
          <th scope="col">{t('uiColSource')}</th>
          <th scope="col">{t('uiColLocked')}</th>
        </tr>
      </thead>
      <tbody>
        {SETTING_KEYS.map((key) => {
          const e = state.config.settings[key];
          return (
            <tr key={key}>
              <th scope="row" data-label={t('uiColSetting')}>
                <Code>{key}</Code>
                <span class="muted small block">{SETTING_DEFINITIONS[key].title}</span>
              </th>
              <td data-label={t('uiColValue')}>
                <Code>{String(e.value)}</Code>
              </td>
              <td data-label={t('uiColSource')}>
                <SourceBadge source={e.source} />
              </td>
              <td data-label={t('uiColLocked')}>{e.locked ? t('uiYesLocked') : t('uiNo')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function SourcedList({ title, items }: { title: string; items: ReadonlyArray<{ id: string; label?: string; source: 'default' | 'local' | 'policy' }> }) {
  return (
    <>
      <h4>{title}</h4>
      {items.length === 0 ? (
        <p class="muted small">{t('uiNone')}</p>
      ) : (
        <ul class="plain-list sourced">
          {items.map((i) => (
            <li key={`${i.source}:${i.id}`}>
              <Code>{i.id}</Code>
              {i.label ? ` ${i.label}` : ''} <SourceBadge source={i.source} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** "Diagnostics": what an administrator or support needs to see, without secrets. */
export function DiagnosticsSection({ state }: { state: UiState }) {
  const { info, policy, config } = state;
  return (
    <SectionFrame id="diagnostics" title={t('uiSectionDiagnostics')} intro={t('uiDiagnosticsIntro')}>
      <h3>{t('uiExtensionHeading')}</h3>
      <Facts
        items={[
          [t('uiExtensionId'), <Code>{info.extensionId}</Code>],
          [t('uiExtensionVersion'), info.version],
          [t('uiBrowser'), info.browserName],
        ]}
      />
      <h3 id="redirect-heading">{t('uiRedirectHeading')}</h3>
      <p id="redirect-help">{t('uiRedirectHelp')}</p>
      <p class="copy-row">
        <code class="code code-block" id="redirect-uri" data-testid="redirect-uri">
          {info.redirectUri}
        </code>
        <CopyButton label={t('uiCopyRedirect')} text={info.redirectUri} describedBy="redirect-heading" />
      </p>

      <h3>{t('uiPolicyHeading')}</h3>
      <PolicyFacts state={state} />
      {policy.diagnostics.length > 0 ? (
        <Notice kind="info" title={t('uiPolicyNotes')}>
          <ul class="plain-list">
            {policy.diagnostics.map((d, i) => (
              <li key={i}>{d}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <h3>{t('uiRejectedHeading')}</h3>
      <RejectedTable state={state} />
      <h3>{t('uiWarningsHeading')}</h3>
      {policy.warnings.length ? <WarningList warnings={policy.warnings} /> : <p class="muted">{t('uiNoWarnings')}</p>}

      <h3>{t('uiEffectiveHeading')}</h3>
      <h4>{t('uiEffectiveSettings')}</h4>
      <SettingsTable state={state} />
      <SourcedList title={t('uiSectionProfiles')} items={config.profiles.map((p) => ({ id: p.value.id, label: p.value.label, source: p.source }))} />
      <SourcedList title={t('uiSectionRules')} items={config.routingRules.map((r) => ({ id: r.value.id, source: r.source }))} />
      <SourcedList title={t('uiSectionHosts')} items={config.adapters.map((a) => ({ id: a.value.id, label: a.value.label, source: a.source }))} />
      <IgnoredList entries={config.ignored} />

      <h3>{t('uiSupportHeading')}</h3>
      <p id="support-help">{t('uiSupportHelp')}</p>
      <CopyButton
        label={t('uiCopySupportReport')}
        describedBy="support-help"
        copiedMessage={t('uiSupportCopied')}
        getText={() => uiToBackground.sendMessage('ui:supportReport', undefined)}
      />
    </SectionFrame>
  );
}
