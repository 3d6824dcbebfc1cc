import catalogue from '../../public/_locales/en/messages.json';
import { messageTemplates, type MessageKey } from '../i18n';

let templates: Record<string, string> | null = null;

/**
 * Every UI string of the extension in the browser's language, as templates for content scripts
 * (see primeMessages in utils/i18n.ts). The keys come from the English catalogue, which every
 * locale follows; computed once per worker lifetime.
 */
export function contentMessageTemplates(): Record<string, string> {
  return (templates ??= messageTemplates(Object.keys(catalogue) as MessageKey[]));
}
