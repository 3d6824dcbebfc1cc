import type { LocalConfig } from '../../utils/config/types';
import type { ImportResult } from '../../utils/config/validate';
import { uiToBackground } from '../../utils/messaging/ui-protocol';
import { t } from '../../utils/i18n';

/** Saves the whole local configuration; the background validates again and answers what it kept. */
export async function saveLocal(config: LocalConfig): Promise<{ ok: true; result: ImportResult } | { ok: false; message: string }> {
  try {
    return { ok: true, result: await uiToBackground.sendMessage('ui:saveLocalConfig', { config }) };
  } catch (error) {
    return { ok: false, message: `${t('uiErrorMessaging')} (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** Focuses the first invalid control inside `root` (after a failed submit). */
export function focusFirstInvalid(root: HTMLElement | null): void {
  const el = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
  el?.focus();
}
