import { describe, expect, it } from 'vitest';
import { originPattern } from '../../../utils/background/dynamic-hosts';

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
