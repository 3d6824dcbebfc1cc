import type { UiState } from '../../utils/messaging/ui-protocol';
import { Notice } from '../bits';
import { ConnectionCard } from '../connection/ConnectionCard';
import { t } from '../../utils/i18n';
import type { UiStateHandle } from '../ui-state';
import { HostUserPanel } from './HostUserPanel';
import { ProfileChoice } from './ProfileChoice';
import { RoutingPanel } from './RoutingPanel';
import { SectionFrame } from './SectionFrame';

/** "My DocuSign": who I am in the business app, where my envelopes go, my DocuSign sessions. */
export function MySection({ ui, state }: { ui: UiStateHandle; state: UiState }) {
  const { config } = state;
  const routing = config.forUser;
  const shown = state.currentHostUser ? routing.allowed : routing.allowed.length > 0 ? routing.allowed : config.profiles.map((p) => p.value);
  return (
    <SectionFrame id="my" title={t('uiSectionMy')} intro={t('uiMyIntro')}>
      <h3>{t('uiMyHostUserHeading')}</h3>
      <HostUserPanel state={state} onSwitch={(key) => ui.setHostUserKey(key)} />

      <h3>{t('uiMyRoutingHeading')}</h3>
      <RoutingPanel config={config} />
      {routing.denied ? (
        <Notice kind="error" title={t('uiDeniedTitle')} testId="denied">
          <p>{routing.denied.message}</p>
        </Notice>
      ) : null}
      {routing.selectionNotice ? (
        <Notice kind="warning" title={t('uiSelectionNoticeTitle')} testId="selection-notice">
          <p>{routing.selectionNotice}</p>
        </Notice>
      ) : null}
      {routing.needsChoice ? <Notice kind="info">{t('uiNeedsChoice')}</Notice> : null}
      {config.profiles.length === 0 ? (
        <Notice kind="info" title={t('uiNoProfilesTitle')}>
          <p>
            {t('uiNoProfiles')} <a href="#profiles">{t('uiSectionProfiles')}</a>
          </p>
        </Notice>
      ) : null}
      <ProfileChoice config={config} hostUser={state.currentHostUser} refresh={ui.refresh} />

      {shown.length > 0 && !routing.denied ? (
        <>
          <h3>{t('uiMyConnectionsHeading')}</h3>
          <div class="cards">
            {shown.map((p) => (
              <ConnectionCard
                key={p.id}
                profile={p}
                session={state.sessions.find((s) => s.profileId === p.id)}
                selected={routing.selectedProfileId === p.id}
                headingLevel={4}
                onChanged={() => void ui.refresh()}
              />
            ))}
          </div>
        </>
      ) : null}
    </SectionFrame>
  );
}
