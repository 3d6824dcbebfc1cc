import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import messages from '../../../public/_locales/en/messages.json';
import { messageTemplates, primeMessages, resetPrimedMessages, t, type MessageKey } from '../../../utils/i18n';
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
