import { browser } from 'wxt/browser';
import type messages from '../public/_locales/en/messages.json';

export type MessageKey = keyof typeof messages;

/**
 * Localised text from public/_locales. Typed by the English catalogue, so a missing key is a
 * compile error. Falls back to the key itself where i18n is unavailable (unit tests).
 */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  let text = '';
  try {
    text = browser.i18n.getMessage(key, substitutions);
  } catch {
    text = '';
  }
  return text || key;
}
