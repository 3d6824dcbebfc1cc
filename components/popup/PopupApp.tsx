import type { ComponentChildren } from 'preact';
import { browser } from 'wxt/browser';
import { AnnouncerProvider, useAnnounce } from '../Announcer';
import { Notice } from '../bits';
import { ConnectionCard } from '../connection/ConnectionCard';
import { AttemptStoreProvider } from '../connection/store';
import { SelectField } from '../Field';
import { environmentLabel, hostUserLabel } from '../format';
import { t } from '../../utils/i18n';
import { runAction, useUiState, type UiStateHandle } from '../ui-state';
import { RecentSendsSlot } from './RecentSendsSlot';
import { SiteHealthWarning } from './SiteHealthWarning';
import { SiteAccess } from './SiteAccess';

function openOptions(hash?: string) {
  if (hash) void browser.tabs.create({ url: browser.runtime.getURL(`/options.html#${hash}`) }).then(() => window.close());
  else void browser.runtime.openOptionsPage().then(() => window.close());
}

/** A real link to the options page (or one of its sections) that opens it in a tab and closes the popup. */
function OptionsLink({ section, children }: { section?: string; children: ComponentChildren }) {
  return (
    <a
      href={browser.runtime.getURL(section ? `/options.html#${section}` : '/options.html')}
      onClick={(event) => {
        event.preventDefault();
        openOptions(section);
      }}
    >
      {children}
    </a>
  );
}

function PopupBody({ ui }: { ui: UiStateHandle }) {
  const announce = useAnnounce();
  const state = ui.state;
  if (ui.loadError) return <Notice kind="error" title={t('uiLoadFailed')}>{ui.loadError}</Notice>;
  if (!state) return <p class="muted">{t('uiLoading')}</p>;
  const routing = state.config.forUser;
  const host = state.currentHostUser;
  const selected = routing.allowed.find((p) => p.id === routing.selectedProfileId) ?? null;
  const session = selected ? state.sessions.find((s) => s.profileId === selected.id) : undefined;
  const signedIn = session?.state === 'signed-in' || session?.state === 'expired';

  const select = async (profileId: string) => {
    if (!host) return;
    const result = await runAction('ui:selectProfile', { hostUserKey: host.key, profileId });
    const label = routing.allowed.find((p) => p.id === profileId)?.label ?? profileId;
    announce(result.ok ? t('uiProfileSelected', label) : result.error.message);
    await ui.refresh();
  };

  return (
    <>
      {/* One stable element: switching between these variants (the tab's user becomes known) must
          not move the DOM of what follows, which would take keyboard focus away from it. */}
      <div class="popup-host-user">
      {host ? (
        state.hostUsers.length > 1 ? (
          <SelectField
            id="popup-host-user"
            label={t('uiPopupAppUser')}
            value={host.key}
            options={state.hostUsers.map((u) => ({ value: u.key, label: hostUserLabel(u) }))}
            onValue={(key) => ui.setHostUserKey(key)}
          />
        ) : (
          <p class="small">
            <span class="muted">{t('uiPopupAppUser')}:</span> {hostUserLabel(host)}
          </p>
        )
      ) : (
        <Notice kind="info" testId="no-host-user">
          <p>{t('uiNoHostUser')}</p>
        </Notice>
      )}
      </div>
      <SiteAccess adapters={state.config.adapters.map((a) => a.value)} />
      <SiteHealthWarning health={state.selectorHealth} />
      {routing.denied ? (
        <Notice kind="error" title={t('uiDeniedTitle')} testId="denied">
          <p>{routing.denied.message}</p>
        </Notice>
      ) : null}
      {routing.selectionNotice ? <Notice kind="warning">{routing.selectionNotice}</Notice> : null}
      {selected ? (
        <p class="sending-as" data-testid="sending-as">
          {signedIn && session?.user
            ? t('uiSendingAs', [session.user.email, selected.label, environmentLabel(selected.environment)])
            : t('uiSendingVia', [selected.label, environmentLabel(selected.environment)])}
        </p>
      ) : routing.needsChoice ? (
        <p>{t('uiNeedsChoice')}</p>
      ) : !routing.denied && state.config.profiles.length === 0 ? (
        <Notice kind="info">
          <p>
            {t('uiNoProfiles')}{' '}
            <OptionsLink section="profiles">{t('uiSectionProfiles')}</OptionsLink>
          </p>
        </Notice>
      ) : null}
      {routing.canChoose && host ? (
        <SelectField
          id="popup-profile"
          label={t('uiPopupProfile')}
          value={routing.selectedProfileId ?? ''}
          options={[
            ...(routing.selectedProfileId ? [] : [{ value: '', label: t('uiChooseProfile') }]),
            ...routing.allowed.map((p) => ({ value: p.id, label: `${p.label} · ${environmentLabel(p.environment)}` })),
          ]}
          onValue={(v) => v && void select(v)}
        />
      ) : null}
      {selected ? <ConnectionCard key={selected.id} profile={selected} session={session} compact headingLevel={2} onChanged={() => void ui.refresh()} /> : null}
      <RecentSendsSlot hostUserKey={host?.key ?? null} />
    </>
  );
}

export function PopupApp() {
  const ui = useUiState({ forActiveTab: true });
  return (
    <AnnouncerProvider>
      <AttemptStoreProvider>
        <div class="page popup-page">
          <header class="popup-header">
            <h1>{t('extName')}</h1>
          </header>
          <main>
            <PopupBody ui={ui} />
          </main>
          <footer class="popup-footer">
            <nav aria-label={t('uiPopupLinks')}>
              <OptionsLink>{t('uiPopupOptions')}</OptionsLink>
              <OptionsLink section="diagnostics">{t('uiSectionDiagnostics')}</OptionsLink>
            </nav>
          </footer>
        </div>
      </AttemptStoreProvider>
    </AnnouncerProvider>
  );
}
