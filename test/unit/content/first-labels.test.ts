import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { FIRST_LABEL_MESSAGES } from '../../../utils/content/first-labels';
import { chromeMessageTemplate, messageTemplates, type MessageKey } from '../../../utils/i18n';
import { en } from '../components/en';

describe('first labels (bundled strings for the first buttons)', () => {
  it('are the templates the background would hand over', () => {
    (fakeBrowser.i18n as unknown as { getMessage: typeof en }).getMessage = en;
    const bundled = Object.fromEntries(Object.entries(FIRST_LABEL_MESSAGES).map(([key, entry]) => [key, chromeMessageTemplate(entry)]));
    expect(Object.keys(bundled).length).toBeGreaterThanOrEqual(10);
    expect(bundled).toEqual(messageTemplates(Object.keys(bundled) as MessageKey[]));
  });

  it('the extension ships one locale: with a second, the bundled strings must be chosen by i18n.getUILanguage()', () => {
    expect(readdirSync(path.resolve('public/_locales'))).toEqual(['en']);
  });
});
