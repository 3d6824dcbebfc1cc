import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import messages from '../../../public/_locales/en/messages.json';
import { chromeMessageTemplate, messageTemplates, primeMessages, resetPrimedMessages, t, type ChromeMessage, type MessageKey } from '../../../utils/i18n';
import { en } from '../components/en';

/**
 * Content scripts take the UI strings from the background (templates with markers where the
 * substitutions go) instead of calling i18n.getMessage, whose first call in a page is a
 * synchronous IPC in Chromium. The result must be exactly what getMessage would have said.
 */

const KEYS = Object.keys(messages) as MessageKey[];
const SUBSTITUTIONS = ['Contract Q3.pdf', 'Acme EU', 'emma@acme.example', '4', '5', '6', '7', '8', '9'];

beforeEach(() => {
  (fakeBrowser.i18n as unknown as { getMessage: typeof en }).getMessage = en;
});
afterEach(() => {
  resetPrimedMessages();
  vi.restoreAllMocks();
});

describe('primed messages', () => {
  it('every message, with and without substitutions, reads as getMessage says, without calling it', () => {
    const expected = KEYS.map((key) => [en(key), en(key, SUBSTITUTIONS), en(key, SUBSTITUTIONS[0]!)]);
    primeMessages(messageTemplates(KEYS));
    const getMessage = vi.spyOn(fakeBrowser.i18n, 'getMessage');
    const actual = KEYS.map((key) => [t(key), t(key, SUBSTITUTIONS), t(key, SUBSTITUTIONS[0]!)]);
    expect(actual).toEqual(expected);
    expect(getMessage).not.toHaveBeenCalled();
  });

  it('chromeMessageTemplate gives, for every catalogue entry, the template getMessage gives', () => {
    const catalogue = messages as Record<string, ChromeMessage>;
    expect(Object.fromEntries(KEYS.map((key) => [key, chromeMessageTemplate(catalogue[key]!)]))).toEqual(messageTemplates(KEYS));
  });

  it.each([
    [{ message: 'plain' }, 'plain'],
    [{ message: 'a $X$ b $x$', placeholders: { x: { content: '$1' } } }, 'a \uE0001\uE001 b \uE0001\uE001'],
    [{ message: '$A$-$B$', placeholders: { a: { content: '[$2]' }, b: { content: '$1' } } }, '[\uE0002\uE001]-\uE0001\uE001'],
    [{ message: 'costs $$5 $NOPE$' }, 'costs $5 $NOPE$'],
  ])('chromeMessageTemplate(%j)', (entry, expected) => {
    expect(chromeMessageTemplate(entry)).toBe(expected);
  });

  it('page-provided values stay literal (markers, dollar signs and markup are not interpreted)', () => {
    primeMessages(messageTemplates(KEYS));
    const hostile = 'a\uE0002\uE001b $1 $$ $& <img src=x onerror=alert(1)>';
    expect(t('buttonReadyDescription', [hostile, 'Acme EU'])).toBe(en('buttonReadyDescription', [hostile, 'Acme EU']));
    expect(t('buttonReadyDescription', [hostile, 'Acme EU'])).toContain(hostile);
  });

  it('before priming, and for keys the templates lack, getMessage answers', () => {
    const getMessage = vi.spyOn(fakeBrowser.i18n, 'getMessage');
    expect(t('buttonSend')).toBe('Send with DocuSign');
    primeMessages({ buttonSignIn: 'Sign in (primed)', bogus: 42 });
    expect(t('buttonSignIn')).toBe('Sign in (primed)');
    expect(t('buttonSend')).toBe('Send with DocuSign');
    expect(getMessage).toHaveBeenCalledTimes(2);
  });
});

describe('an answer that is not a table of strings', () => {
  it('primes nothing', () => {
    for (const answer of [undefined, null, 'text', 42]) primeMessages(answer);
    const getMessage = vi.spyOn(fakeBrowser.i18n, 'getMessage');
    expect(t('buttonSend')).toBe('Send with DocuSign');
    expect(getMessage).toHaveBeenCalledTimes(1);
  });
});
