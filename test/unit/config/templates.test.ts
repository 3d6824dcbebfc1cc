import { describe, expect, it } from 'vitest';
import { DEFAULT_EMAIL_SUBJECT_TEMPLATE, renderEmailMessage, renderEmailSubject } from '../../../utils/config/templates';

describe('email templates', () => {
  it('fills placeholders; unknown values become empty', () => {
    expect(renderEmailSubject('Sign {documentName} for {hostUserName}', { documentName: 'NDA.pdf', hostUserName: 'Emma' })).toBe('Sign NDA.pdf for Emma');
    expect(renderEmailSubject(undefined, { documentName: 'NDA.pdf' })).toBe('Please sign: NDA.pdf');
    expect(DEFAULT_EMAIL_SUBJECT_TEMPLATE).toContain('{documentName}');
    expect(renderEmailSubject('Hi {hostUserName}', {})).toBe('Hi');
  });

  it('keeps the subject within 100 characters, shortening the document name first', () => {
    const name = `${'Very long contract name '.repeat(8)}.pdf`;
    const out = renderEmailSubject('Please sign: {documentName} (Acme EU)', { documentName: name });
    expect(out.length).toBeLessThanOrEqual(100);
    expect(out.startsWith('Please sign: Very long contract')).toBe(true);
    expect(out.endsWith('… (Acme EU)')).toBe(true);
  });

  it('truncates any over-long subject as a last resort', () => {
    const out = renderEmailSubject('{hostUserName}', { hostUserName: 'x'.repeat(300) });
    expect(out).toHaveLength(100);
  });

  it('message template is optional', () => {
    expect(renderEmailMessage(undefined, {})).toBeUndefined();
    expect(renderEmailMessage('From {hostUserEmail}', { hostUserEmail: 'a@b.example' })).toBe('From a@b.example');
  });
});
