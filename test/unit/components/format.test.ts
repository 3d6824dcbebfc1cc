import { describe, expect, it } from 'vitest';
import {
  andList,
  environmentLabel,
  fallbackSummary,
  healthForUrl,
  healthSummary,
  isUnhealthy,
  matchSummary,
  orList,
  regionHost,
} from '../../../components/format';
import type { SelectorHealth } from '../../../utils/messaging/ui-protocol';
import { en } from './en';

const profiles = [
  { id: 'acme-eu', label: 'Acme EU', environment: 'demo', integrationKey: 'k' },
  { id: 'acme-na', label: 'Acme NA', environment: 'demo', integrationKey: 'k' },
];

describe('match summary in words', () => {
  it('says who a rule applies to', () => {
    expect(matchSummary({ attributes: [{ name: 'region', equals: 'EU' }] }, en)).toBe('Users with region = EU');
    expect(matchSummary({ emailDomains: ['acme-ca.example'] }, en)).toBe('Users with email ending @acme-ca.example');
    expect(matchSummary({ emailDomains: ['a.example', 'b.example', 'c.example'] }, en)).toBe(
      'Users with email ending @a.example, @b.example or @c.example',
    );
    expect(matchSummary({ userIds: ['u-1'], attributes: [{ name: 'country', in: ['DE', 'FR'] }] }, en)).toBe(
      'Users with id u-1 and country in DE, FR',
    );
    expect(matchSummary({}, en)).toBe('Everyone');
    expect(matchSummary({ emails: [] }, en)).toMatch(/^Nobody/);
  });

  it('joins lists', () => {
    expect(orList(['a'], en)).toBe('a');
    expect(orList(['a', 'b'], en)).toBe('a or b');
    expect(andList(['a', 'b', 'c'], en)).toBe('a, b and c');
  });

  it('describes the fallback', () => {
    expect(fallbackSummary(null, profiles, en)).toMatch(/every user may use every profile/);
    expect(fallbackSummary({ deny: true }, profiles, en)).toBe('Everyone else may not send.');
    expect(fallbackSummary({ deny: true, message: 'Ask IT' }, profiles, en)).toBe('Everyone else may not send ("Ask IT").');
    expect(fallbackSummary({ profiles: ['acme-eu', 'gone'] }, profiles, en)).toBe('Everyone else uses Acme EU and gone (no profile with this id).');
  });
});

describe('environment and region', () => {
  it('names environments and hosts', () => {
    expect(environmentLabel('demo', en)).toBe('demo');
    expect(environmentLabel('https://account.docusign.com', en)).toBe('production');
    expect(environmentLabel('http://127.0.0.1:4000', en)).toBe('127.0.0.1:4000');
    expect(regionHost('https://eu.docusign.net')).toBe('eu.docusign.net');
    expect(regionHost('not a url')).toBe('not a url');
  });
});

describe('selector health', () => {
  const h = (over: Partial<SelectorHealth>): SelectorHealth => ({
    adapterId: 'demo-host',
    origin: 'http://127.0.0.1:5000',
    path: '/documents',
    userFound: true,
    items: 12,
    anchorsMissing: 0,
    checkedAt: 0,
    ...over,
  });

  it('counts documents and missing anchors', () => {
    expect(healthSummary(h({}), en)).toEqual([{ level: 'ok', text: '12 documents found on /documents, 0 without a place for the button' }]);
    expect(healthSummary(h({ items: 1, anchorsMissing: 1 }), en)[0]).toEqual({
      level: 'warning',
      text: '1 document found on /documents, 1 without a place for the button',
    });
  });

  it('warns when nothing was found', () => {
    const views = healthSummary(h({ items: 0, userFound: false }), en);
    expect(views.map((v) => v.level)).toEqual(['warning', 'warning']);
    expect(views[1]?.text).toBe("No documents found on /documents: the app's pages may have changed; ask your administrator.");
    expect(isUnhealthy(h({ items: 0 }))).toBe(true);
    expect(isUnhealthy(h({}))).toBe(false);
  });

  it('picks the entries of the current page', () => {
    const all = [h({ path: '/documents' }), h({ path: '/records' }), h({ origin: 'https://other.example' })];
    expect(healthForUrl(all, 'http://127.0.0.1:5000/records?x=1').map((x) => x.path)).toEqual(['/records']);
    expect(healthForUrl(all, 'http://127.0.0.1:5000/home')).toHaveLength(2);
    expect(healthForUrl(all, undefined)).toEqual([]);
    expect(healthForUrl(all, 'chrome://newtab')).toEqual([]);
  });
});
