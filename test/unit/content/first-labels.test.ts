import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { firstLabelTemplates } from '../../../utils/content/first-labels';
import { messageTemplates, type MessageKey } from '../../../utils/i18n';
import { en } from '../components/en';

describe('first labels (bundled strings for the first buttons)', () => {
  it('are the templates the background would hand over', () => {
    (fakeBrowser.i18n as unknown as { getMessage: typeof en }).getMessage = en;
    const bundled = firstLabelTemplates();
    expect(Object.keys(bundled).length).toBeGreaterThanOrEqual(11);
    expect(bundled).toEqual(messageTemplates(Object.keys(bundled) as MessageKey[]));
  });

  it('the extension ships one locale: with a second, the bundled strings must be chosen by i18n.getUILanguage()', () => {
    expect(readdirSync(path.resolve('public/_locales'))).toEqual(['en']);
  });
});
