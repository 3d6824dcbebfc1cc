import { useState } from 'preact/hooks';
import type { LocalConfig } from '../../utils/config/types';
import type { ImportResult } from '../../utils/config/validate';
import { uiToBackground } from '../../utils/messaging/ui-protocol';
import { t } from '../../utils/i18n';
import { useAnnounce } from '../Announcer';

/** Saves the whole local configuration; the background validates again and answers what it kept. */
export async function saveLocal(config: LocalConfig): Promise<{ ok: true; result: ImportResult } | { ok: false; message: string }> {
  try {
    return { ok: true, result: await uiToBackground.sendMessage('ui:saveLocalConfig', { config }) };
  } catch (error) {
    return { ok: false, message: `${t('uiErrorMessaging')} (${error instanceof Error ? error.message : String(error)})` };
  }
}

/**
 * saveLocal for a form: `save` answers what the background kept, or null after a failure, which
 * it announces and keeps in `saveError` for the form's notice (cleared by the next attempt).
 */
export function useLocalSave(): {
  saveError: string | null;
  clearSaveError: () => void;
  save: (config: LocalConfig) => Promise<ImportResult | null>;
} {
  const announce = useAnnounce();
  const [saveError, setSaveError] = useState<string | null>(null);
  const save = async (config: LocalConfig) => {
    setSaveError(null);
    const saved = await saveLocal(config);
    if (saved.ok) return saved.result;
    setSaveError(saved.message);
    announce(saved.message);
    return null;
  };
  return { saveError, clearSaveError: () => setSaveError(null), save };
}

/** Focuses the first invalid control inside `root` (after a failed submit). */
export function focusFirstInvalid(root: HTMLElement | null): void {
  const el = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
  el?.focus();
}
