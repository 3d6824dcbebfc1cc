/** The local host adapters edited as JSON: parse + validate with the shared validator. Pure. */
import type { HostAdapter, LocalConfig, Rejection } from '../../utils/config/types';
import { sanitizeLocalConfig } from '../../utils/config/validate';
import { t } from '../../utils/i18n';
import { type Tr } from '../i18n';
import { rejectionsUnder } from '../rejections';

export interface AdapterJsonCheck {
  parseError: string | null;
  rejected: Rejection[];
  adapters: HostAdapter[];
  config: LocalConfig | null;
}

export function adaptersToJson(adapters: readonly HostAdapter[]): string {
  return JSON.stringify(adapters, null, 2);
}

export function checkAdapterJson(text: string, local: LocalConfig, tr: Tr = t): AdapterJsonCheck {
  let parsed: unknown;
  const trimmed = text.trim();
  if (trimmed === '') parsed = [];
  else {
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      return { parseError: tr('uiJsonParseError', error instanceof Error ? error.message : String(error)), rejected: [], adapters: [], config: null };
    }
  }
  if (!Array.isArray(parsed)) {
    // One adapter object is accepted and wrapped.
    if (typeof parsed === 'object' && parsed !== null) parsed = [parsed];
    else return { parseError: tr('uiAdaptersNotList'), rejected: [], adapters: [], config: null };
  }
  const candidate = { ...local, hostAdapters: parsed } as unknown as LocalConfig;
  const result = sanitizeLocalConfig(candidate);
  return { parseError: null, rejected: rejectionsUnder(result.rejected, 'hostAdapters'), adapters: result.config.hostAdapters, config: candidate };
}
