import { describe, expect, it } from 'vitest';
import { originPattern } from '../../../utils/background/dynamic-hosts';
import { DEMO_HOST_ADAPTER } from '../../../utils/host/builtin-adapters';
import { siteOriginPatterns } from '../../../utils/host/origin-pattern';

describe('originPattern (optional host permissions are per origin)', () => {
  it.each([
    ['https://app.acme.example/documents/*', 'https://app.acme.example/*'],
    ['https://app.acme.example:8443/*', 'https://app.acme.example:8443/*'],
    ['*://crm.acme.example/records/*', '*://crm.acme.example/*'],
    ['http://127.0.0.1/*', 'http://127.0.0.1/*'],
    ['<all_urls>', null],
    ['file:///tmp/*', null],
  ])('%s → %s', (input, expected) => expect(originPattern(input)).toBe(expected));
});

describe('siteOriginPatterns (what the popup asks for on the current tab)', () => {
  const adapter = { ...DEMO_HOST_ADAPTER, matches: ['https://crm.acme.example/records/*', '*://crm.acme.example/api/*', 'https://sales.acme.example/*'] };
  it.each([
    ['https://crm.acme.example/records/1', ['https://crm.acme.example/*']],
    ['http://crm.acme.example/api/x', ['*://crm.acme.example/*']],
    ['https://crm.acme.example:8443/records/1', ['https://crm.acme.example/*']],
    ['https://sales.acme.example/', ['https://sales.acme.example/*']],
    ['https://crm.acme.example/settings', []],
    ['https://other.example/records/1', []],
  ])('%s → %j', (url, expected) => expect(siteOriginPatterns(adapter, url)).toEqual(expected));
});
