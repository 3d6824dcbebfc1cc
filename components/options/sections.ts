import type { MessageKey } from '../../utils/i18n';

export type SectionId = 'my' | 'profiles' | 'rules' | 'hosts' | 'sends' | 'usage' | 'settings' | 'import' | 'diagnostics';

export const SECTIONS: ReadonlyArray<{ id: SectionId; title: MessageKey }> = [
  { id: 'my', title: 'uiSectionMy' },
  { id: 'profiles', title: 'uiSectionProfiles' },
  { id: 'rules', title: 'uiSectionRules' },
  { id: 'hosts', title: 'uiSectionHosts' },
  { id: 'sends', title: 'uiSectionSends' },
  { id: 'usage', title: 'uiSectionUsage' },
  { id: 'settings', title: 'uiSectionSettings' },
  { id: 'import', title: 'uiSectionImport' },
  { id: 'diagnostics', title: 'uiSectionDiagnostics' },
];

/** "#profiles" -> 'profiles'; anything else -> 'my'. */
export function sectionFromHash(hash: string): SectionId {
  const id = hash.replace(/^#/, '');
  return SECTIONS.find((s) => s.id === id)?.id ?? 'my';
}

/** The sections the nav lists: Usage only while the usage report is shown (setting showUsageReport). */
export function navSections(showUsageReport: boolean): typeof SECTIONS {
  return showUsageReport ? SECTIONS : SECTIONS.filter((s) => s.id !== 'usage');
}
