import messages from '../../../public/_locales/en/messages.json';
import type { Tr } from '../../../components/i18n';

type Entry = { message: string; placeholders?: Record<string, { content: string }> };

/** The English catalogue with chrome.i18n.getMessage's substitution rules, for wording tests. */
export const en: Tr = (key, substitutions) => {
  const entry = (messages as Record<string, Entry>)[key];
  if (!entry) throw new Error(`no message ${key}`);
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_all, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (_m, n: string) => subs[Number(n) - 1] ?? '');
  });
};
