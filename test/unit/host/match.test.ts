import { describe, expect, it } from 'vitest';
import { patternMatchesUrl } from '../../../utils/host/match';

describe('patternMatchesUrl', () => {
  it.each([
    ['https://crm.acme.example:8443/*', 'https://crm.acme.example:8443/records/1', true],
    ['https://crm.acme.example:8443/*', 'https://crm.acme.example/records/1', false],
    ['https://crm.acme.example:443/*', 'https://crm.acme.example/records/1', true],
    ['http://127.0.0.1:5000/documents*', 'http://127.0.0.1:5000/documents?rows=5', true],
    ['http://127.0.0.1:5000/documents*', 'http://127.0.0.1:5001/documents', false],
    ['http://127.0.0.1/*', 'http://127.0.0.1:5001/documents', true],
    ['*://app.acme.example/*', 'https://app.acme.example/x', true],
    ['https://*.acme.example:8443/*', 'https://eu.acme.example:8443/x', true],
    ['https://app.acme.example/*', 'https://evil.example/?app.acme.example', false],
    ['not a pattern', 'https://app.acme.example/', false],
  ])('%s vs %s → %s', (pattern, url, expected) => expect(patternMatchesUrl(pattern, url)).toBe(expected));
});

describe('patternMatchesUrl with compiled patterns kept', () => {
  it('the same answers on every call, past the cache bound, invalid patterns and bad URLs included', () => {
    const cases: [string, string, boolean][] = [];
    for (let i = 0; i < 600; i++) {
      cases.push([`https://h${i}.acme.example:${8000 + (i % 3)}/*`, `https://h${i}.acme.example:8001/x`, i % 3 === 1]);
      cases.push([`https://h${i}.acme.example/*`, `https://h${i + 1}.acme.example/x`, false]);
    }
    cases.push(['not a pattern', 'https://app.acme.example/', false], ['https://app.acme.example/*', 'not a url', false]);
    for (let round = 0; round < 2; round++) {
      for (const [pattern, url, expected] of cases) expect(patternMatchesUrl(pattern, url), `${pattern} vs ${url}`).toBe(expected);
    }
  });
});
