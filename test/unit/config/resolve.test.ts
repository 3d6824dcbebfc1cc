import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveEffectiveConfig, type ResolveInput } from '../../../utils/config/resolve';
import { matchesUser, selectionKey } from '../../../utils/config/routing';
import { DEFAULT_SETTINGS } from '../../../utils/config/settings';
import type { HostAdapter, HostUser, IntegrationProfile, LocalConfig, RoutingRule, ValidatedPolicy } from '../../../utils/config/types';
import { DEFAULT_DENY_MESSAGE, validatePolicy } from '../../../utils/config/validate';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'policy');
const EXAMPLE = validatePolicy(JSON.parse(readFileSync(join(FIXTURES, 'example-policy.json'), 'utf8'))).policy;

const ORIGIN = 'http://127.0.0.1:5173';
// The demo host app's users (test/host-app/users.ts).
const U: Record<string, HostUser> = {
  emma: { origin: ORIGIN, id: 'u-1001', email: 'emma.schmidt@acme-eu.example', name: 'Emma Schmidt', attributes: { region: 'EU', country: 'DE', department: 'Sales' } },
  liam: { origin: ORIGIN, id: 'u-2001', email: 'liam.tremblay@acme-ca.example', name: 'Liam Tremblay', attributes: { region: 'CA', country: 'CA', department: 'Legal' } },
  jane: { origin: ORIGIN, id: 'u-3001', email: 'jane.doe@acme.example', name: 'Jane Doe', attributes: { region: 'NA', country: 'US', department: 'Legal' } },
  sam: { origin: ORIGIN, id: 'u-4001', email: 'sam.outsider@example.org', name: 'Sam Outsider', attributes: { region: 'EU', country: 'FR', department: 'Contractors' } },
  olivia: { origin: ORIGIN, id: 'u-5001', email: 'olivia.brown@acme-au.example', name: 'Olivia Brown', attributes: { region: 'AU', country: 'AU', department: 'Sales' } },
};

const KEY = '6f1c9a42-3b8e-4d27-9c55-2f0a8e7d1b34';
const p = (id: string, label = id.toUpperCase()): IntegrationProfile => ({ id, label, environment: 'demo', integrationKey: KEY, accountId: '7d3e9c1a-4b2f-4e8d-a6c5-1f0e2d3c4b5a' });
const rule = (id: string, match: RoutingRule['match'], profiles: string[], extra: Partial<RoutingRule> = {}): RoutingRule => ({ id, match, profiles, ...extra });
const local = (c: Partial<LocalConfig> = {}): LocalConfig => ({ profiles: [], routingRules: [], hostAdapters: [], settings: {}, ...c });
const ids = (list: Array<{ id: string }>) => list.map((x) => x.id);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
const resolve = (input: ResolveInput) => resolveEffectiveConfig(deepFreeze(structuredClone(input)));

describe('resolver: the example policy for the demo users', () => {
  it.each([
    ['emma', 'eu', ['acme-eu'], 'acme-eu', 'only'],
    ['liam', 'ca', ['acme-ca'], 'acme-ca', 'only'],
    ['jane', 'jane-any', ['acme-na', 'acme-eu', 'acme-ca'], 'acme-na', 'default'],
    ['sam', 'eu', ['acme-eu'], 'acme-eu', 'only'],
  ] as const)('%s -> rule %s', (user, ruleId, allowed, selected, source) => {
    const r = resolve({ policy: EXAMPLE, hostUser: U[user] });
    expect(r.forUser).toMatchObject({ matchedRule: ruleId, routingSource: 'policy', defaultProfileId: selected, selectedProfileId: selected, selectionSource: source });
    expect(ids(r.forUser.allowed)).toEqual(allowed);
    expect(r.forUser.canChoose).toBe(allowed.length > 1);
    expect(r.forUser.denied).toBeUndefined();
    expect(r.forUser.hostUserKey).toBe(`${ORIGIN}|${U[user]?.id}`);
  });

  it('olivia (AU) matches no rule: the fallback denies her with the administrator\'s message', () => {
    const r = resolve({ policy: EXAMPLE, hostUser: U.olivia });
    expect(r.forUser).toMatchObject({
      matchedRule: 'fallback',
      allowed: [],
      selectedProfileId: null,
      selectionSource: 'none',
      canChoose: false,
      needsChoice: false,
      denied: { message: 'No DocuSign account is assigned to your region yet. Contact it-help@acme.example.' },
    });
  });

  it('jane keeps her own choice', () => {
    const r = resolve({ policy: EXAMPLE, hostUser: U.jane, storedSelection: 'acme-ca' });
    expect(r.forUser).toMatchObject({ selectedProfileId: 'acme-ca', selectionSource: 'user', canChoose: true });
    expect(r.forUser.selectionNotice).toBeUndefined();
  });

  it('a stale choice falls back visibly', () => {
    const r = resolve({ policy: EXAMPLE, hostUser: U.emma, storedSelection: 'acme-ca' });
    expect(r.forUser).toMatchObject({ selectedProfileId: 'acme-eu', selectionSource: 'only', staleSelection: 'acme-ca' });
    expect(r.forUser.selectionNotice).toBe('Your previous choice "Acme CA" is no longer allowed by your administrator; using "Acme EU".');
  });

  it('every profile and rule from policy is locked; settings show their tier', () => {
    const r = resolve({ policy: EXAMPLE, hostUser: U.jane });
    expect(r.managed && r.profilesManaged && r.routingManaged).toBe(true);
    expect(r.profiles.every((x) => x.source === 'policy' && x.locked)).toBe(true);
    expect(r.routingRules.every((x) => x.source === 'policy' && x.locked)).toBe(true);
    expect(r.fallback).toMatchObject({ source: 'policy', locked: true });
    expect(r.settings.confirmBeforeSend).toEqual({ value: true, source: 'policy', locked: true });
    expect(r.settings.allowLocalProfiles).toEqual({ value: false, source: 'policy', locked: true });
    expect(r.settings.statusRefreshMinutes).toEqual({ value: 30, source: 'policy', locked: false });
    expect(r.settings.showUsageReport).toEqual({ value: true, source: 'default', locked: false });
  });
});

describe('resolver: tiers', () => {
  it('nothing configured: built-in settings, no profiles, nothing to choose', () => {
    const r = resolve({});
    expect(r.managed).toBe(false);
    expect(r.profiles).toEqual([]);
    expect(r.fallback).toBeNull();
    for (const [k, v] of Object.entries(DEFAULT_SETTINGS)) expect(r.settings[k as keyof typeof DEFAULT_SETTINGS]).toEqual({ value: v, source: 'default', locked: false });
    expect(r.forUser).toMatchObject({ matchedRule: null, routingSource: null, allowed: [], selectedProfileId: null, selectionSource: 'none', canChoose: false, needsChoice: false, hostUserKey: null });
    expect(r.forUser.denied).toBeUndefined();
  });

  it('settings: built-in < policy defaults < local < policy settings', () => {
    const policy: ValidatedPolicy = { settings: { confirmBeforeSend: false }, defaults: { statusRefreshMinutes: 60, maxStoredDocumentsMb: 500 } };
    const r = resolve({ policy, local: local({ settings: { confirmBeforeSend: true, statusRefreshMinutes: 45, showUsageReport: false } }) });
    expect(r.settings.confirmBeforeSend).toEqual({ value: false, source: 'policy', locked: true });
    expect(r.settings.statusRefreshMinutes).toEqual({ value: 45, source: 'local', locked: false });
    expect(r.settings.maxStoredDocumentsMb).toEqual({ value: 500, source: 'policy', locked: false });
    expect(r.settings.showUsageReport).toEqual({ value: false, source: 'local', locked: false });
    expect(r.ignored).toEqual([{ kind: 'setting', id: 'confirmBeforeSend', source: 'local', reason: 'Managed by your administrator.' }]);
    // What each setting is without the user's own value (the options page's "Use the default").
    expect(r.settingDefaults).toEqual({
      allowLocalProfiles: { value: false, source: 'default' },
      confirmBeforeSend: { value: false, source: 'policy' },
      statusRefreshMinutes: { value: 60, source: 'policy' },
      maxStoredDocumentsMb: { value: 500, source: 'policy' },
      showUsageReport: { value: true, source: 'default' },
    });
  });

  it('built-in defaults can be replaced by the caller', () => {
    const r = resolve({ defaults: { settings: { ...DEFAULT_SETTINGS, statusRefreshMinutes: 99 }, hostAdapters: [] } });
    expect(r.settings.statusRefreshMinutes).toEqual({ value: 99, source: 'default', locked: false });
  });

  it('an invalid local setting is ignored with the reason', () => {
    const r = resolve({ local: local({ settings: { statusRefreshMinutes: 3 } }) });
    expect(r.settings.statusRefreshMinutes.source).toBe('default');
    expect(r.ignored[0]).toMatchObject({ kind: 'setting', id: 'statusRefreshMinutes' });
    expect(r.ignored[0]?.reason).toContain('at least 15');
  });

  it('local only: local profiles, unlocked; one profile is used without asking', () => {
    const r = resolve({ local: local({ profiles: [p('mine')] }), hostUser: U.emma });
    expect(r.profiles).toEqual([{ value: p('mine'), source: 'local', locked: false }]);
    expect(r.forUser).toMatchObject({ matchedRule: null, selectedProfileId: 'mine', selectionSource: 'only', canChoose: false });
  });

  it('local only, several profiles: the user must choose once, then the choice is used', () => {
    const cfg = local({ profiles: [p('a'), p('b')] });
    expect(resolve({ local: cfg, hostUser: U.emma }).forUser).toMatchObject({ canChoose: true, needsChoice: true, selectedProfileId: null, selectionSource: 'none' });
    expect(resolve({ local: cfg, hostUser: U.emma, storedSelection: 'b' }).forUser).toMatchObject({ needsChoice: false, selectedProfileId: 'b', selectionSource: 'user' });
  });

  it('policy profiles replace local ones (local ignored, with a reason)', () => {
    const r = resolve({ policy: { profiles: [p('corp')] }, local: local({ profiles: [p('mine')] }), hostUser: U.emma });
    expect(ids(r.profiles.map((x) => x.value))).toEqual(['corp']);
    expect(r.ignored).toEqual([
      { kind: 'profile', id: 'mine', source: 'local', reason: 'Your administrator manages integration profiles; your own profiles are not used.' },
    ]);
    expect(r.forUser.selectedProfileId).toBe('corp');
  });

  it('policy "profiles" present but empty (all entries rejected) still manages profiles', () => {
    const r = resolve({ policy: { profiles: [] }, local: local({ profiles: [p('mine')] }), hostUser: U.emma });
    expect(r.profiles).toEqual([]);
    expect(r.profilesManaged).toBe(true);
    expect(r.forUser.allowed).toEqual([]);
  });

  it('allowLocalProfiles from policy adds local profiles; a local id equal to a policy id is ignored', () => {
    const policy: ValidatedPolicy = { profiles: [p('corp')], settings: { allowLocalProfiles: true } };
    const r = resolve({ policy, local: local({ profiles: [p('corp', 'My corp copy'), p('sandbox')] }), hostUser: U.emma });
    expect(r.profiles.map((x) => [x.value.id, x.source, x.locked])).toEqual([
      ['corp', 'policy', true],
      ['sandbox', 'local', false],
    ]);
    expect(r.profiles[0]?.value.label).toBe('CORP');
    expect(r.ignored).toEqual([expect.objectContaining({ kind: 'profile', id: 'corp', reason: expect.stringContaining('replaces yours') })]);
    expect(ids(r.forUser.allowed)).toEqual(['corp', 'sandbox']);
  });

  it('a local allowLocalProfiles cannot lift the administrator\'s profile management', () => {
    const r = resolve({ policy: { profiles: [p('corp')] }, local: local({ profiles: [p('mine')], settings: { allowLocalProfiles: true } }) });
    expect(r.settings.allowLocalProfiles).toEqual({ value: false, source: 'default', locked: true });
    expect(ids(r.profiles.map((x) => x.value))).toEqual(['corp']);
    expect(r.ignored.map((x) => `${x.kind}:${x.id}`)).toEqual(['setting:allowLocalProfiles', 'profile:mine']);
  });

  it('without managed profiles, allowLocalProfiles is the user\'s own setting', () => {
    const r = resolve({ local: local({ settings: { allowLocalProfiles: true } }) });
    expect(r.settings.allowLocalProfiles).toEqual({ value: true, source: 'local', locked: false });
  });

  it('policy routing: local rules and fallback are ignored', () => {
    const r = resolve({
      policy: { profiles: [p('a'), p('b')], routingRules: [rule('all', {}, ['a'])] },
      local: local({ routingRules: [rule('mine', {}, ['b'])], fallback: { profiles: ['b'] } }),
      hostUser: U.emma,
    });
    expect(r.routingRules.map((x) => x.value.id)).toEqual(['all']);
    expect(r.ignored.map((x) => `${x.kind}:${x.id}`)).toEqual(['rule:mine', 'fallback:fallback']);
    expect(r.forUser.selectedProfileId).toBe('a');
  });

  it('local rules route among policy profiles when the policy has no routing', () => {
    const r = resolve({
      policy: { profiles: [p('a'), p('b')] },
      local: local({ routingRules: [rule('mine', {}, ['b'])] }),
      hostUser: U.emma,
    });
    expect(r.routingManaged).toBe(false);
    expect(r.routingRules).toEqual([{ value: rule('mine', {}, ['b']), source: 'local', locked: false }]);
    expect(r.forUser).toMatchObject({ matchedRule: 'mine', routingSource: 'local', selectedProfileId: 'b' });
  });

  it('no routing anywhere: every effective profile is allowed to everyone', () => {
    const r = resolve({ policy: { profiles: [p('a'), p('b')] }, hostUser: U.olivia });
    expect(r.fallback).toBeNull();
    expect(r.forUser).toMatchObject({ matchedRule: null, canChoose: true, needsChoice: true });
    expect(ids(r.forUser.allowed)).toEqual(['a', 'b']);
  });

  it('host adapters merge by id: policy > local > built-in, policy first', () => {
    const adapter = (id: string, label: string): HostAdapter => ({ id, label, matches: [`https://${id}.example/*`], user: { container: '#u', id: {} }, documents: [] });
    const r = resolve({
      defaults: { settings: { ...DEFAULT_SETTINGS }, hostAdapters: [adapter('demo-host', 'built-in'), adapter('crm', 'built-in crm')] },
      local: local({ hostAdapters: [adapter('crm', 'my crm'), adapter('wiki', 'my wiki')] }),
      policy: { hostAdapters: [adapter('wiki', 'corp wiki')] },
    });
    expect(r.adapters.map((a) => [a.value.id, a.value.label, a.source, a.locked])).toEqual([
      ['wiki', 'corp wiki', 'policy', true],
      ['crm', 'my crm', 'local', false],
      ['demo-host', 'built-in', 'default', false],
    ]);
    expect(r.ignored).toEqual([expect.objectContaining({ kind: 'adapter', id: 'wiki' })]);
  });
});

describe('resolver: rules', () => {
  const profiles = [p('a'), p('b'), p('c')];

  it('the first matching rule wins (order matters)', () => {
    const rules = [rule('eu', { attributes: [{ name: 'region', equals: 'EU' }] }, ['a']), rule('sales', { attributes: [{ name: 'department', equals: 'Sales' }] }, ['b'])];
    expect(resolve({ policy: { profiles, routingRules: rules }, hostUser: U.emma }).forUser.matchedRule).toBe('eu');
    expect(resolve({ policy: { profiles, routingRules: [...rules].reverse() }, hostUser: U.emma }).forUser.matchedRule).toBe('sales');
  });

  it('all criteria of a rule must hold', () => {
    const routingRules = [rule('eu-sales', { emailDomains: ['acme-eu.example'], attributes: [{ name: 'department', equals: 'Sales' }] }, ['a'])];
    expect(resolve({ policy: { profiles, routingRules }, hostUser: U.emma }).forUser.matchedRule).toBe('eu-sales');
    expect(resolve({ policy: { profiles, routingRules }, hostUser: U.sam }).forUser.matchedRule).toBe('fallback');
  });

  it('no rule matches and no fallback is set: the user may not send (never silently routed)', () => {
    const r = resolve({ policy: { profiles, routingRules: [rule('x', { userIds: ['nobody'] }, ['a'])] }, hostUser: U.liam });
    expect(r.fallback).toEqual({ value: { deny: true }, source: 'default', locked: true });
    expect(r.forUser).toMatchObject({ matchedRule: 'fallback', allowed: [], selectedProfileId: null, denied: { message: DEFAULT_DENY_MESSAGE } });
  });

  it('a fallback with profiles applies to unmatched users', () => {
    const r = resolve({ policy: { profiles, routingRules: [], fallback: { profiles: ['b', 'c'], defaultProfile: 'c' } }, hostUser: U.olivia });
    expect(r.forUser).toMatchObject({ matchedRule: 'fallback', selectedProfileId: 'c', selectionSource: 'default', canChoose: true });
  });

  it('a fallback can fix the profile (allowChoice false, first profile when no default)', () => {
    const r = resolve({ policy: { profiles, fallback: { profiles: ['b', 'c'], allowChoice: false } }, hostUser: U.olivia, storedSelection: 'c' });
    expect(r.forUser).toMatchObject({ canChoose: false, defaultProfileId: 'b', selectedProfileId: 'b', staleSelection: 'c' });
    expect(r.forUser.selectionNotice).toBe('Your administrator has fixed your profile to "B"; your previous choice "C" is not used.');
  });

  it("local rules route to the policy's profiles when the policy leaves routing to the user", () => {
    const policy = { profiles: [p('eu', 'Acme EU'), p('ca', 'Acme CA')] };
    const cfg = local({ routingRules: [rule('ca-users', { emailDomains: ['acme-ca.example'] }, ['ca'])], fallback: { profiles: ['eu'] } });
    const liam = resolve({ policy, local: cfg, hostUser: U.liam });
    expect(liam.routingManaged).toBe(false);
    expect(liam.forUser).toMatchObject({ matchedRule: 'ca-users', routingSource: 'local', selectedProfileId: 'ca', canChoose: false });
    expect(resolve({ policy, local: cfg, hostUser: U.emma }).forUser).toMatchObject({ matchedRule: 'fallback', selectedProfileId: 'eu' });
  });

  it('a local rule naming a profile no tier defines denies its users and points at the options page', () => {
    const r = resolve({ policy: { profiles: [p('eu')] }, local: local({ routingRules: [rule('ca-users', {}, ['acme-ca'])] }), hostUser: U.liam });
    expect(r.forUser.allowed).toEqual([]);
    expect(r.forUser.denied?.message).toBe(
      'The integration profile that routing rule "ca-users" assigns to you (acme-ca) is not available. Check the routing rules in the extension\'s options, or contact your administrator.',
    );
  });

  it('removed profiles: references to profiles that no longer exist are skipped', () => {
    const r = resolve({ policy: { profiles: [p('a')], routingRules: [rule('r', {}, ['gone', 'a'])] }, hostUser: U.emma });
    expect(ids(r.forUser.allowed)).toEqual(['a']);
  });

  it('removed profiles: a rule left with none denies its users and says which rule', () => {
    const r = resolve({ policy: { profiles: [p('a')], routingRules: [rule('eu', {}, ['gone'])], fallback: { profiles: ['a'] } }, hostUser: U.emma });
    expect(r.forUser.matchedRule).toBe('eu');
    expect(r.forUser.denied?.message).toBe('The integration profile that routing rule "eu" assigns to you (gone) is not available. Contact your administrator.');
    expect(r.forUser.allowed).toEqual([]);
  });

  it('a rule whose profile list was invalid (kept empty by validation) denies its users', () => {
    const r = resolve({ policy: { profiles, routingRules: [rule('eu', { attributes: [{ name: 'region', equals: 'EU' }] }, [])], fallback: { profiles: ['a'] } }, hostUser: U.emma });
    expect(r.forUser.denied?.message).toContain('lists no usable integration profile');
  });

  it('a fallback whose profiles are all gone denies', () => {
    const r = resolve({ policy: { profiles, fallback: { profiles: ['zzz'] } }, hostUser: U.emma });
    expect(r.forUser.denied?.message).toBe(DEFAULT_DENY_MESSAGE);
  });

  it('allowChoice false: fixed to the default; a different stored choice is reported', () => {
    const routingRules = [rule('r', {}, ['a', 'b'], { defaultProfile: 'b', allowChoice: false })];
    const r = resolve({ policy: { profiles, routingRules }, hostUser: U.jane, storedSelection: 'a' });
    expect(r.forUser).toMatchObject({ canChoose: false, selectedProfileId: 'b', selectionSource: 'default', staleSelection: 'a' });
    expect(r.forUser.selectionNotice).toBe('Your administrator has fixed your profile to "B"; your previous choice "A" is not used.');
  });

  it('a stored choice of a deleted profile: "no longer available"', () => {
    const r = resolve({ policy: { profiles, routingRules: [rule('r', {}, ['a', 'b'], { defaultProfile: 'a' })] }, hostUser: U.jane, storedSelection: 'old' });
    expect(r.forUser.selectionNotice).toBe('Your previous choice "old" is no longer available; using "A".');
  });

  it('a stale choice without a default: the user is asked to choose again', () => {
    const r = resolve({ policy: { profiles, routingRules: [rule('r', {}, ['a', 'b'])] }, hostUser: U.jane, storedSelection: 'c' });
    expect(r.forUser).toMatchObject({ selectedProfileId: null, needsChoice: true, staleSelection: 'c' });
    expect(r.forUser.selectionNotice).toBe('Your previous choice "C" is no longer allowed by your administrator; choose another profile.');
  });

  it('local routing words the notice without "administrator"', () => {
    const r = resolve({ local: local({ profiles, routingRules: [rule('r', {}, ['a'])] }), hostUser: U.jane, storedSelection: 'b' });
    expect(r.forUser.selectionNotice).toBe('Your previous choice "B" is no longer allowed by your routing rules; using "A".');
  });

  it('a denied user has no selection and no notice, but the stale choice is reported', () => {
    const r = resolve({ policy: EXAMPLE, hostUser: U.olivia, storedSelection: 'acme-na' });
    expect(r.forUser).toMatchObject({ selectedProfileId: null, staleSelection: 'acme-na' });
    expect(r.forUser.selectionNotice).toBeUndefined();
  });

  it('local profiles allowed by policy are offered next to managed routing (not when choice is fixed or denied)', () => {
    const policy: ValidatedPolicy = {
      profiles: [p('a'), p('b')],
      routingRules: [rule('jane', { emails: ['jane.doe@acme.example'] }, ['a']), rule('emma', { userIds: ['u-1001'] }, ['a', 'b'], { allowChoice: false })],
      fallback: { deny: true },
      settings: { allowLocalProfiles: true },
    };
    const cfg = local({ profiles: [p('sandbox')] });
    expect(ids(resolve({ policy, local: cfg, hostUser: U.jane }).forUser.allowed)).toEqual(['a', 'sandbox']);
    expect(ids(resolve({ policy, local: cfg, hostUser: U.emma }).forUser.allowed)).toEqual(['a', 'b']);
    expect(resolve({ policy, local: cfg, hostUser: U.olivia }).forUser.allowed).toEqual([]);
  });

  it('an unidentified host user only matches catch-all rules', () => {
    const policy: ValidatedPolicy = { profiles, routingRules: [rule('eu', { attributes: [{ name: 'region', equals: 'EU' }] }, ['a']), rule('all', {}, ['b'])] };
    expect(resolve({ policy, hostUser: null }).forUser).toMatchObject({ matchedRule: 'all', selectedProfileId: 'b', hostUserKey: null });
  });
});

describe('matchesUser', () => {
  const user = U.emma as HostUser;
  it.each([
    [{}, true],
    [{ userIds: ['u-1001'] }, true],
    [{ userIds: ['U-1001'] }, false], // host ids are exact
    [{ userIds: [] }, false], // an empty list matches nobody
    [{ emails: ['EMMA.SCHMIDT@acme-eu.example'] }, true],
    [{ emails: ['emma@acme-eu.example'] }, false],
    [{ emailDomains: ['ACME-EU.example'] }, true],
    [{ emailDomains: ['example'] }, false], // exact domain, no suffix match
    [{ attributes: [{ name: 'Region', equals: 'eu' }] }, true],
    [{ attributes: [{ name: 'country', in: ['fr', 'de'] }] }, true],
    [{ attributes: [{ name: 'country', in: ['fr'] }] }, false],
    [{ attributes: [{ name: 'missing', equals: 'x' }] }, false],
    [{ attributes: [] }, true],
    [{ emailDomains: ['acme-eu.example'], attributes: [{ name: 'region', equals: 'CA' }] }, false],
  ] as const)('%j -> %s', (match, expected) => {
    expect(matchesUser(match as RoutingRule['match'], user)).toBe(expected);
  });

  it('a user without an email matches no email criterion', () => {
    const { email: _e, ...noEmail } = user;
    expect(matchesUser({ emails: ['emma.schmidt@acme-eu.example'] }, noEmail)).toBe(false);
    expect(matchesUser({ emailDomains: ['acme-eu.example'] }, noEmail)).toBe(false);
  });

  it('selection keys separate host origins and users', () => {
    expect(selectionKey('http://127.0.0.1:5173/path?x', 'u-1')).toBe('http://127.0.0.1:5173|u-1');
    expect(selectionKey('https://APP.acme.example', 'u-1')).toBe('https://app.acme.example|u-1');
    expect(selectionKey('https://app.acme.example', 'u-1')).not.toBe(selectionKey('https://app.acme.example', 'u-2'));
  });
});
