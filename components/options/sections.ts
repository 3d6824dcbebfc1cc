import type { MessageKey } from '../../utils/i18n';

export type SectionId = 'my' | 'profiles' | 'rules' | 'hosts' | 'sends' | 'usage' | 'import' | 'diagnostics';

export const SECTIONS: ReadonlyArray<{ id: SectionId; title: MessageKey }> = [
  { id: 'my', title: 'uiSectionMy' },
  { id: 'profiles', title: 'uiSectionProfiles' },
  { id: 'rules', title: 'uiSectionRules' },
  { id: 'hosts', title: 'uiSectionHosts' },
  { id: 'sends', title: 'uiSectionSends' },
  { id: 'usage', title: 'uiSectionUsage' },
  { id: 'import', title: 'uiSectionImport' },
  { id: 'diagnostics', title: 'uiSectionDiagnostics' },
];

/** "#profiles" -> 'profiles'; anything else -> 'my'. */
export function sectionFromHash(hash: string): SectionId {
  const id = hash.replace(/^#/, '');
  return SECTIONS.find((s) => s.id === id)?.id ?? 'my';
}
