import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintPolicy, ONE_KEY_ADVICE } from '../../../utils/config/lint';
import type { IntegrationProfile, RoutingRule, ValidatedPolicy } from '../../../utils/config/types';
import { validatePolicy } from '../../../utils/config/validate';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'policy');
const load = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as unknown;

const KEY = '6f1c9a42-3b8e-4d27-9c55-2f0a8e7d1b34';
const guid = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function profile(id: string, integrationKey = KEY, accountId: string | null = guid(1000 + id.length)): IntegrationProfile {
  return { id, label: id, environment: 'demo', integrationKey, ...(accountId ? { accountId } : {}) };
}
function rule(id: string, match: RoutingRule['match'], profiles: string[], extra: Partial<RoutingRule> = {}): RoutingRule {
  return { id, match, profiles, ...extra };
}
const codes = (p: ValidatedPolicy) => lintPolicy(p).map((w) => w.code);

describe('lintPolicy', () => {
  it('the example policy (one key, routed by account) has no warnings', () => {
    const r = validatePolicy(load('example-policy.json'));
    expect(r.rejected).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it('warns about one integration key per user, explaining the alternative', () => {
    const r = validatePolicy(load('one-key-per-user-policy.json'));
    const w = r.warnings.find((x) => x.code === 'key-per-user');
    expect(w?.message).toContain('3 integration keys each serve a single user (emma, liam, jane)');
    expect(w?.message).toContain(ONE_KEY_ADVICE);
    expect(ONE_KEY_ADVICE).toContain('route users by account instead (profiles that share one key and differ by accountId)');
    expect(ONE_KEY_ADVICE).toContain('at most 100 integration keys');
  });

  it('two single-user keys are not yet "one key per user"', () => {
    const p: ValidatedPolicy = {
      profiles: [profile('a', guid(1), guid(11)), profile('b', guid(2), guid(12))],
      routingRules: [rule('a', { userIds: ['u1'] }, ['a']), rule('b', { userIds: ['u2'] }, ['b'])],
      fallback: { deny: true },
    };
    expect(codes(p)).not.toContain('key-per-user');
  });

  it('keys shared with group rules are not per-user keys', () => {
    const p: ValidatedPolicy = {
      profiles: [profile('a', guid(1), guid(11)), profile('b', guid(2), guid(12)), profile('c', guid(3), guid(13))],
      routingRules: [
        rule('a', { userIds: ['u1'] }, ['a']),
        rule('b', { userIds: ['u2'] }, ['b']),
        rule('c', { emailDomains: ['acme.example'] }, ['c']),
      ],
      fallback: { deny: true },
    };
    expect(codes(p)).not.toContain('key-per-user');
    expect(codes(p)).not.toContain('more-keys-than-accounts'); // 3 keys, 3 accounts
  });

  it('warns when there are more distinct keys than accounts', () => {
    const p: ValidatedPolicy = { profiles: [profile('a', guid(1), guid(11)), profile('b', guid(2), guid(11))] };
    const w = lintPolicy(p).find((x) => x.code === 'more-keys-than-accounts');
    expect(w?.message).toContain('2 distinct integration keys for 1 distinct account');
    expect(w?.message).toContain(ONE_KEY_ADVICE);
  });

  it('warns above 100 integration keys', () => {
    const profiles = Array.from({ length: 101 }, (_, i) => profile(`p${i}`, guid(i + 1), guid(5000 + i)));
    const w = lintPolicy({ profiles }).find((x) => x.code === 'too-many-keys');
    expect(w?.message).toContain('101 distinct integration keys; an account can hold at most 100');
  });

  it('warns about profiles without accountId (the user chooses)', () => {
    const w = lintPolicy({ profiles: [profile('free', KEY, null)] });
    expect(w).toEqual([
      expect.objectContaining({ code: 'profile-without-account', path: 'profiles[id=free].accountId', message: expect.stringContaining('users choose among their own DocuSign accounts') }),
    ]);
  });

  it('warns about rules after a catch-all rule', () => {
    const p: ValidatedPolicy = {
      profiles: [profile('a')],
      routingRules: [rule('everyone', {}, ['a']), rule('late', { userIds: ['u1'] }, ['a'])],
    };
    const w = lintPolicy(p).find((x) => x.code === 'unreachable-rule');
    expect(w).toMatchObject({ path: 'routingRules[id=late]' });
    expect(w?.message).toContain('rule "everyone" before it matches every user');
  });

  it('warns about profiles no rule uses, and about a missing fallback', () => {
    const p: ValidatedPolicy = { profiles: [profile('a'), profile('b')], routingRules: [rule('r', { emailDomains: ['x.example'] }, ['a'])] };
    expect(lintPolicy(p).filter((w) => w.code === 'unreferenced-profile').map((w) => w.path)).toEqual(['profiles[id=b]']);
    expect(codes(p)).toContain('no-fallback');
    // without routing, every profile is offered to everyone: nothing is unreferenced
    expect(codes({ profiles: [profile('a'), profile('b')] })).not.toContain('unreferenced-profile');
  });

  it('warns about empty criteria and about a fixed choice without a default', () => {
    const p: ValidatedPolicy = {
      profiles: [profile('a'), profile('b')],
      routingRules: [rule('nobody', { userIds: [] }, ['a']), rule('fixed', { attributes: [] }, ['a', 'b'], { allowChoice: false })],
      fallback: { deny: true },
    };
    const w = lintPolicy(p);
    expect(w.find((x) => x.path === 'routingRules[id=nobody].match.userIds')?.message).toContain('matches nobody');
    expect(w.find((x) => x.path === 'routingRules[id=fixed].match.attributes')?.message).toContain('restricts nothing');
    expect(w.find((x) => x.code === 'choice-without-default')?.message).toContain('its first profile ("a") is used');
  });

  it('validatePolicy includes lint warnings unless asked not to', () => {
    const raw = load('one-key-per-user-policy.json');
    expect(validatePolicy(raw).warnings.length).toBeGreaterThan(0);
    expect(validatePolicy(raw, { lint: false }).warnings).toEqual([]);
  });
});
