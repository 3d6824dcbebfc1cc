import { describe, expect, it } from 'vitest';
import { MatchPattern } from 'wxt/utils/match-patterns';
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

/**
 * The matcher compiles patterns once instead of calling WXT's MatchPattern (which builds its regular
 * expressions on every call); its answers must stay WXT's, plus ports. The oracle is the previous
 * implementation: the port compared apart, the rest through MatchPattern.includes.
 */
function wxtAnswer(pattern: string, url: string): boolean {
  try {
    const port = /^([^:]+:\/\/[^/:]+):(\d{1,5})(\/.*)$/.exec(pattern);
    const matcher = new MatchPattern(port ? `${port[1]}${port[3]}` : pattern);
    if (port) {
      const target = new URL(url);
      const effective = target.port || (target.protocol === 'https:' ? '443' : target.protocol === 'http:' ? '80' : '');
      if (effective !== String(Number(port[2]))) return false;
    }
    return matcher.includes(url);
  } catch {
    return false;
  }
}

describe('patternMatchesUrl agrees with WXT MatchPattern', () => {
  const patterns = [
    '<all_urls>', '*://*/*', 'http://*/*', 'https://*/*', 'file:///*', 'file:///home/*/doc.pdf', 'ftp://files.acme.example/*',
    'ws://app.acme.example/*', 'urn://x/*', 'http://127.0.0.1/*', 'http://localhost/*', 'https://app.acme.example/*',
    'https://app.acme.example/docs/*', 'https://app.acme.example/docs/*/view', 'https://app.acme.example/a.b+c?(d)[e]/*',
    '*://app.acme.example/*', 'https://*.acme.example/*', 'https://*.acme.example/docs*', 'https://*.a*b.example/*',
    'https://*.acme.example:8443/*', 'https://crm.acme.example:08443/*', 'http://127.0.0.1:5000/documents*',
    'https://app.acme.example/', 'https://app.acme.example', 'https://app*.acme.example/*', 'https://a:b@acme.example/*',
    'chrome://extensions/*', 'not a pattern', '', 'https:///*', 'https://app.acme.example/docs/*\nhttps://evil.example/*',
    'HTTPS://APP.ACME.EXAMPLE/*', 'https://APP.acme.example/*',
  ];
  const urls = [
    'https://app.acme.example/', 'https://app.acme.example/docs/1', 'https://app.acme.example/docs/7/view',
    'https://app.acme.example/a.b+c?(d)[e]/x', 'https://app.acme.example/abbc(d)[e]/x', 'http://app.acme.example/docs/1',
    'https://acme.example/', 'https://eu.acme.example/docs', 'https://deep.eu.acme.example/docs/x', 'https://evilacme.example/',
    'https://evil.example/?app.acme.example', 'https://evil.example/#https://app.acme.example/', 'https://x.axxb.example/',
    'https://eu.acme.example:8443/x', 'https://crm.acme.example:8443/x', 'https://crm.acme.example/x',
    'http://127.0.0.1:5000/documents?rows=5', 'http://127.0.0.1:5001/documents', 'http://127.0.0.1/documents',
    'http://localhost:3000/', 'file:///home/emma/doc.pdf', 'file:///tmp/x', 'ftp://files.acme.example/a', 'ws://app.acme.example/s',
    'wss://app.acme.example/s', 'chrome://extensions/', 'data:text/html,hi', 'javascript:alert(1)', 'not a url', '',
    'https://APP.ACME.EXAMPLE/DOCS/1', 'https://app1.acme.example/', 'https://user:pw@app.acme.example/docs/1',
  ];
  it(`${patterns.length} patterns × ${urls.length} URLs, twice (compiled on the first round, reused on the second)`, () => {
    let matched = 0;
    for (let round = 0; round < 2; round++) {
      for (const pattern of patterns) {
        for (const url of urls) {
          const expected = wxtAnswer(pattern, url);
          if (expected) matched++;
          expect(patternMatchesUrl(pattern, url), `${JSON.stringify(pattern)} vs ${JSON.stringify(url)}`).toBe(expected);
        }
      }
    }
    // The corpus has matches of every kind, not only refusals.
    expect(matched / 2).toBeGreaterThan(60);
  });
});
