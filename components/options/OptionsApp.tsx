import { useEffect, useRef, useState } from 'preact/hooks';
import { AnnouncerProvider } from '../Announcer';
import { AttemptStoreProvider } from '../connection/store';
import { Notice } from '../bits';
import { t } from '../../utils/i18n';
import { useUiState, type UiStateHandle } from '../ui-state';
import { DiagnosticsSection } from './DiagnosticsSection';
import { HostsSection } from './HostsSection';
import { ImportSection } from './ImportSection';
import { MySection } from './MySection';
import { ProfilesSection } from './ProfilesSection';
import { RulesSection } from './RulesSection';
import { SendsSection } from './SendsSection';
import { UsageSection } from './UsageSection';
import { SectionFrame } from './SectionFrame';
import { SECTIONS, navSections, sectionFromHash, type SectionId } from './sections';
import { SettingsSection } from './SettingsSection';

function useHashSection(): SectionId {
  const [section, setSection] = useState<SectionId>(() => sectionFromHash(location.hash));
  useEffect(() => {
    const onHash = () => setSection(sectionFromHash(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return section;
}

function Nav({ current, showUsageReport }: { current: SectionId; showUsageReport: boolean }) {
  return (
    <nav class="side-nav" aria-label={t('uiNavLabel')}>
      <ul>
        {navSections(showUsageReport).map((s) => (
          <li key={s.id}>
            <a href={`#${s.id}`} aria-current={s.id === current ? 'page' : undefined}>
              {t(s.title)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Section({ id, ui }: { id: SectionId; ui: UiStateHandle }) {
  const state = ui.state;
  if (!state) return null;
  switch (id) {
    case 'my':
      return <MySection ui={ui} state={state} />;
    case 'profiles':
      return <ProfilesSection state={state} refresh={ui.refresh} />;
    case 'rules':
      return <RulesSection state={state} refresh={ui.refresh} />;
    case 'hosts':
      return <HostsSection state={state} refresh={ui.refresh} />;
    case 'sends':
      return <SendsSection />;
    case 'usage': {
      const shown = state.config.settings.showUsageReport;
      if (!shown.value) {
        return (
          <SectionFrame id="usage" title={t('uiSectionUsage')}>
            <Notice kind="info">
              <p>{t('uiUsageTurnedOff', shown.locked ? t('uiUsageOffByAdmin') : t('uiUsageOffByYou'))}</p>
            </Notice>
          </SectionFrame>
        );
      }
      return <UsageSection />;
    }
    case 'settings':
      return <SettingsSection state={state} refresh={ui.refresh} />;
    case 'import':
      return <ImportSection refresh={ui.refresh} />;
    case 'diagnostics':
      return <DiagnosticsSection state={state} />;
  }
}

export function OptionsApp() {
  const ui = useUiState();
  const section = useHashSection();
  const mainRef = useRef<HTMLElement>(null);
  const shown = useRef<SectionId | null>(null);
  const title = SECTIONS.find((s) => s.id === section)?.title ?? 'uiSectionMy';

  // After a navigation between sections (not on the first load), focus the new section's heading.
  useEffect(() => {
    document.title = `${t(title)} – ${t('extName')}`;
    if (ui.state === null) return;
    if (shown.current !== null && shown.current !== section) mainRef.current?.querySelector<HTMLElement>('h2')?.focus();
    shown.current = section;
  }, [section, ui.state === null]);

  return (
    <AnnouncerProvider>
      <AttemptStoreProvider>
        <a class="skip-link" href="#main">
          {t('uiSkipToContent')}
        </a>
        <div class="page options-page">
          <header class="page-header">
            <h1>{t('extName')}</h1>
            <p class="muted">{t('uiOptionsSubtitle')}</p>
          </header>
          <div class="options-layout">
            <Nav current={section} showUsageReport={ui.state?.config.settings.showUsageReport.value !== false} />
            <main id="main" ref={mainRef} tabIndex={-1} aria-busy={ui.state === null ? 'true' : undefined}>
              {ui.loadError ? (
                <Notice kind="error" title={t('uiLoadFailed')}>
                  <p>{ui.loadError}</p>
                </Notice>
              ) : ui.state === null ? (
                <p class="muted">{t('uiLoading')}</p>
              ) : (
                <Section id={section} ui={ui} />
              )}
            </main>
          </div>
        </div>
      </AttemptStoreProvider>
    </AnnouncerProvider>
  );
}
