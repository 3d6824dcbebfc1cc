/** What an import would apply, in words. Pure. */
import type { LocalConfig } from '../../utils/config/types';
import { t } from '../../utils/i18n';
import { type Tr } from '../i18n';

export function importSummary(config: LocalConfig, tr: Tr = t): string[] {
  const out: string[] = [];
  const ids = (list: ReadonlyArray<{ id: string }>) => list.map((x) => x.id).join(', ');
  if (config.profiles.length) out.push(tr('uiImportProfiles', [String(config.profiles.length), ids(config.profiles)]));
  if (config.routingRules.length) out.push(tr('uiImportRules', [String(config.routingRules.length), ids(config.routingRules)]));
  if (config.fallback) out.push(tr('uiImportFallback'));
  if (config.hostAdapters.length) out.push(tr('uiImportAdapters', [String(config.hostAdapters.length), ids(config.hostAdapters)]));
  const settings = Object.entries(config.settings);
  if (settings.length) out.push(tr('uiImportSettings', settings.map(([k, v]) => `${k} = ${String(v)}`).join(', ')));
  return out;
}
