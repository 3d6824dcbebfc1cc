/**
 * Email subject/message templates: {placeholder} substitution with DocuSign's limits (subject at
 * most 100 characters: the document name is shortened first, then the whole text).
 */
import { EMAIL_MESSAGE_MAX, EMAIL_SUBJECT_MAX, type TemplatePlaceholder } from './checks';

export const DEFAULT_EMAIL_SUBJECT_TEMPLATE = 'Please sign: {documentName}';

export type TemplateValues = Partial<Record<TemplatePlaceholder, string>>;

const ELLIPSIS = '…';

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  return text.slice(0, max - 1) + ELLIPSIS;
}

function fill(template: string, values: TemplateValues): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (_all, name: string) => values[name as TemplatePlaceholder] ?? '');
}

/** Fills a template; the result is at most `max` characters (documentName shortened first). */
export function renderTemplate(template: string, values: TemplateValues, max: number): string {
  let out = fill(template, values);
  if (out.length <= max) return out;
  const doc = values.documentName;
  if (doc && template.includes('{documentName}')) {
    const occurrences = template.split('{documentName}').length - 1;
    const excess = out.length - max;
    const shortened = shorten(doc, Math.max(8, doc.length - Math.ceil(excess / occurrences)));
    out = fill(template, { ...values, documentName: shortened });
  }
  return shorten(out, max);
}

export function renderEmailSubject(template: string | undefined, values: TemplateValues): string {
  return renderTemplate(template ?? DEFAULT_EMAIL_SUBJECT_TEMPLATE, values, EMAIL_SUBJECT_MAX).trim();
}

export function renderEmailMessage(template: string | undefined, values: TemplateValues): string | undefined {
  if (template === undefined) return undefined;
  return renderTemplate(template, values, EMAIL_MESSAGE_MAX);
}
