/* eslint-disable @typescript-eslint/no-explicit-any */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RejectionCode, ValidatedPolicy } from '../../../utils/config/types';
import { formatRejection, validateConfigImport, validatePolicy, toImportFile, sanitizeLocalConfig } from '../../../utils/config/validate';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'policy');
const EXAMPLE = JSON.parse(readFileSync(join(FIXTURES, 'example-policy.json'), 'utf8')) as Record<string, any>;

const ADAPTER = {
  id: 'acme-crm',
  label: 'Acme CRM',
  matches: ['https://crm.acme.example/*'],
  user: { container: '#me', id: { attribute: 'data-id' }, email: { attribute: 'data-email' }, attributes: { region: { attribute: 'data-region' } } },
  documents: [{ item: 'tr.doc', anchor: 'td.actions', url: { selector: 'a', attribute: 'href' } }],
};
const ADAPTER2 = { ...ADAPTER, id: 'acme-wiki', label: 'Acme Wiki', matches: ['https://wiki.acme.example/*'] };

/** The example policy plus two adapters: every table case breaks one thing in a copy of it. */
function base(): Record<string, any> {
  return { ...structuredClone(EXAMPLE), hostAdapters: [structuredClone(ADAPTER), structuredClone(ADAPTER2)] };
}

const ids = (list: Array<{ id: string }> | undefined) => (list ?? []).map((x) => x.id);
const ALL_PROFILES = ['acme-eu', 'acme-ca', 'acme-na'];
const ALL_RULES = ['jane-any', 'eu', 'ca'];
const ALL_ADAPTERS = ['acme-crm', 'acme-wiki'];

interface Case {
  name: string;
  mutate: (p: Record<string, any>) => unknown;
  path: string;
  code: RejectionCode;
  reason: string | RegExp;
  /** What still applies. */
  applied: (policy: ValidatedPolicy) => void;
}

const profilesAre = (expected: string[]) => (p: ValidatedPolicy) => expect(ids(p.profiles)).toEqual(expected);
const rulesAre = (expected: string[]) => (p: ValidatedPolicy) => expect(ids(p.routingRules)).toEqual(expected);
const adaptersAre = (expected: string[]) => (p: ValidatedPolicy) => expect(ids(p.hostAdapters)).toEqual(expected);
const all = (...checks: Array<(p: ValidatedPolicy) => void>) => (p: ValidatedPolicy) => checks.forEach((c) => c(p));
const everythingElse = all(profilesAre(ALL_PROFILES), rulesAre(ALL_RULES), adaptersAre(ALL_ADAPTERS));
const withoutProfile = (id: string) => all(profilesAre(ALL_PROFILES.filter((x) => x !== id)), rulesAre(ALL_RULES), adaptersAre(ALL_ADAPTERS));
const withoutRule = (id: string) => all(profilesAre(ALL_PROFILES), rulesAre(ALL_RULES.filter((x) => x !== id)), adaptersAre(ALL_ADAPTERS));
const withoutAdapter = (id: string) => all(profilesAre(ALL_PROFILES), rulesAre(ALL_RULES), adaptersAre(ALL_ADAPTERS.filter((x) => x !== id)));
const ruleProfiles = (rule: string, expected: string[]) => (p: ValidatedPolicy) =>
  expect(p.routingRules?.find((r) => r.id === rule)?.profiles).toEqual(expected);

const CASES: Case[] = [
  // ---- profiles
  { name: 'integration key is not a GUID', mutate: (p) => (p.profiles[1].integrationKey = 'abc'), path: 'profiles[1].integrationKey', code: 'bad-guid', reason: 'Integration key "abc" is not a GUID', applied: all(withoutProfile('acme-ca'), ruleProfiles('jane-any', ['acme-na', 'acme-eu'])) },
  { name: 'integration key in braces', mutate: (p) => (p.profiles[0].integrationKey = '{6f1c9a42-3b8e-4d27-9c55-2f0a8e7d1b34}'), path: 'profiles[0].integrationKey', code: 'bad-guid', reason: 'Remove the braces', applied: withoutProfile('acme-eu') },
  { name: 'integration key missing', mutate: (p) => delete p.profiles[2].integrationKey, path: 'profiles[2].integrationKey', code: 'missing', reason: 'profiles[2].integrationKey is missing', applied: withoutProfile('acme-na') },
  { name: 'integration key is a number', mutate: (p) => (p.profiles[2].integrationKey = 42), path: 'profiles[2].integrationKey', code: 'wrong-type', reason: 'profiles[2].integrationKey must be text, not the number 42', applied: withoutProfile('acme-na') },
  { name: 'account id truncated', mutate: (p) => (p.profiles[0].accountId = 'e4b8a2c6-9d1f-4a3e-8b7c'), path: 'profiles[0].accountId', code: 'bad-guid', reason: 'Account id "e4b8a2c6-9d1f-4a3e-8b7c" is not a GUID', applied: withoutProfile('acme-eu') },
  { name: 'profile id with capitals and spaces', mutate: (p) => (p.profiles[0].id = 'Acme EU'), path: 'profiles[0].id', code: 'bad-slug', reason: 'Profile id "Acme EU" is not a valid id', applied: withoutProfile('acme-eu') },
  { name: 'profile id missing', mutate: (p) => delete p.profiles[1].id, path: 'profiles[1].id', code: 'missing', reason: 'the profile id is required', applied: withoutProfile('acme-ca') },
  { name: 'duplicate profile id (later one rejected)', mutate: (p) => p.profiles.push({ ...p.profiles[0], label: 'Second EU' }), path: 'profiles[3].id', code: 'duplicate-id', reason: 'Profile id "acme-eu" is already used by profiles[0]; this later profile is not applied.', applied: all(everythingElse, (p) => expect(p.profiles?.[0]?.label).toBe('Acme EU')) },
  { name: 'label blank', mutate: (p) => (p.profiles[1].label = '   '), path: 'profiles[1].label', code: 'empty', reason: 'profiles[1].label is empty', applied: withoutProfile('acme-ca') },
  { name: 'label too long', mutate: (p) => (p.profiles[1].label = 'x'.repeat(81)), path: 'profiles[1].label', code: 'too-long', reason: 'has 81 characters; at most 80', applied: withoutProfile('acme-ca') },
  { name: 'environment unknown word', mutate: (p) => (p.profiles[0].environment = 'staging'), path: 'profiles[0].environment', code: 'bad-environment', reason: 'environment "staging" is neither "demo", "production" nor an authorization server URL', applied: withoutProfile('acme-eu') },
  { name: 'environment plain http outside loopback', mutate: (p) => (p.profiles[0].environment = 'http://auth.acme.example'), path: 'profiles[0].environment', code: 'insecure-url', reason: 'uses plain http on a non-loopback host', applied: withoutProfile('acme-eu') },
  { name: 'environment with another scheme', mutate: (p) => (p.profiles[0].environment = 'ftp://account-d.docusign.com'), path: 'profiles[0].environment', code: 'insecure-url', reason: 'must use https', applied: withoutProfile('acme-eu') },
  { name: 'environment with credentials', mutate: (p) => (p.profiles[0].environment = 'https://admin:pw@account-d.docusign.com'), path: 'profiles[0].environment', code: 'bad-url', reason: 'must not contain a user name or password', applied: withoutProfile('acme-eu') },
  { name: 'environment with a query', mutate: (p) => (p.profiles[0].environment = 'https://account-d.docusign.com/?a=1'), path: 'profiles[0].environment', code: 'bad-url', reason: 'must not contain a query or fragment', applied: withoutProfile('acme-eu') },
  { name: 'expectedBaseUri plain http', mutate: (p) => (p.profiles[1].expectedBaseUri = 'http://ca.docusign.net'), path: 'profiles[1].expectedBaseUri', code: 'insecure-url', reason: 'expectedBaseUri "http://ca.docusign.net" uses plain http on a non-loopback host', applied: withoutProfile('acme-ca') },
  { name: 'expectedBaseUri with a path', mutate: (p) => (p.profiles[1].expectedBaseUri = 'https://ca.docusign.net/restapi'), path: 'profiles[1].expectedBaseUri', code: 'bad-url', reason: 'must be an origin without a path', applied: withoutProfile('acme-ca') },
  { name: 'expectedBaseUri not a URL', mutate: (p) => (p.profiles[1].expectedBaseUri = 'ca.docusign.net'), path: 'profiles[1].expectedBaseUri', code: 'bad-url', reason: 'is not a URL', applied: withoutProfile('acme-ca') },
  { name: 'scopes without signature', mutate: (p) => (p.profiles[0].scopes = ['extended']), path: 'profiles[0].scopes', code: 'bad-scope', reason: 'must include "signature"', applied: withoutProfile('acme-eu') },
  { name: 'scopes as one space-separated entry', mutate: (p) => (p.profiles[0].scopes = ['signature extended']), path: 'profiles[0].scopes[0]', code: 'bad-scope', reason: 'list each scope separately', applied: withoutProfile('acme-eu') },
  { name: 'impersonation scope', mutate: (p) => (p.profiles[0].scopes = ['signature', 'impersonation']), path: 'profiles[0].scopes[1]', code: 'bad-scope', reason: 'belongs to the JWT grant', applied: withoutProfile('acme-eu') },
  { name: 'scopes as plain text (not JSON)', mutate: (p) => (p.profiles[0].scopes = 'signature'), path: 'profiles[0].scopes', code: 'wrong-type', reason: 'profiles[0].scopes must be a list, not the text "signature"', applied: withoutProfile('acme-eu') },
  { name: 'send mode unknown', mutate: (p) => (p.profiles[2].sendMode = 'fax'), path: 'profiles[2].sendMode', code: 'bad-enum', reason: 'sendMode "fax" is not "embedded" or "direct"', applied: withoutProfile('acme-na') },
  { name: 'direct send unknown', mutate: (p) => (p.profiles[2].directSend = 'twice'), path: 'profiles[2].directSend', code: 'bad-enum', reason: 'directSend "twice" is not "draft-first" or "one-call"', applied: withoutProfile('acme-na') },
  { name: 'subject template with an unknown placeholder', mutate: (p) => (p.profiles[0].emailSubjectTemplate = 'Sign {docName}'), path: 'profiles[0].emailSubjectTemplate', code: 'bad-template', reason: 'unknown placeholder {docName}', applied: withoutProfile('acme-eu') },
  { name: 'subject template literal text over 100 characters', mutate: (p) => (p.profiles[0].emailSubjectTemplate = `${'y'.repeat(101)} {documentName}`), path: 'profiles[0].emailSubjectTemplate', code: 'too-long', reason: 'has 102 characters without its placeholders; DocuSign allows at most 100', applied: withoutProfile('acme-eu') },
  { name: 'subject template with an unmatched brace', mutate: (p) => (p.profiles[0].emailSubjectTemplate = 'Sign {documentName'), path: 'profiles[0].emailSubjectTemplate', code: 'bad-template', reason: 'unmatched "{"', applied: withoutProfile('acme-eu') },
  { name: 'profile entry is text', mutate: (p) => (p.profiles[0] = 'acme-eu'), path: 'profiles[0]', code: 'wrong-type', reason: 'profiles[0] must be an object, not the text "acme-eu"', applied: withoutProfile('acme-eu') },
  { name: 'profiles is an object', mutate: (p) => (p.profiles = { 'acme-eu': {} }), path: 'profiles', code: 'wrong-type', reason: 'profiles must be a list, not an object. No profile from policy applies.', applied: (p) => { expect(p.profiles).toEqual([]); expect(p.routingRules?.every((r) => r.profiles.length === 0)).toBe(true); } },
  { name: 'profiles is broken JSON text', mutate: (p) => (p.profiles = '[{"id": "acme-eu",'), path: 'profiles', code: 'invalid-json', reason: 'profiles is text that is not valid JSON', applied: (p) => expect(p.profiles).toEqual([]) },

  // ---- routing rules
  { name: 'rule names an unknown profile (reference dropped, rule kept)', mutate: (p) => p.routingRules[0].profiles.push('acme-uk'), path: 'routingRules[0].profiles[3]', code: 'unknown-profile', reason: 'names profile "acme-uk", which is not among the valid profiles of this policy (acme-eu, acme-ca, acme-na); the reference is dropped from this rule.', applied: all(everythingElse, ruleProfiles('jane-any', ['acme-na', 'acme-eu', 'acme-ca'])) },
  { name: 'rule names a rejected profile', mutate: (p) => (p.profiles[1].accountId = 'nope'), path: 'routingRules[2].profiles[0]', code: 'unknown-profile', reason: 'names profile "acme-ca", which was rejected (see profiles[1])', applied: all(withoutProfile('acme-ca'), ruleProfiles('ca', [])) },
  { name: 'defaultProfile outside the rule profiles', mutate: (p) => (p.routingRules[0].defaultProfile = 'acme-xx'), path: 'routingRules[0].defaultProfile', code: 'default-not-allowed', reason: 'defaultProfile "acme-xx" is not one of this rule\'s valid profiles', applied: all(everythingElse, (p) => expect(p.routingRules?.[0]?.defaultProfile).toBeUndefined()) },
  { name: 'rule without match', mutate: (p) => delete p.routingRules[1].match, path: 'routingRules[1].match', code: 'missing', reason: 'write {} to match every user', applied: withoutRule('eu') },
  { name: 'duplicate rule id', mutate: (p) => (p.routingRules[2].id = 'eu'), path: 'routingRules[2].id', code: 'duplicate-id', reason: 'Rule id "eu" is already used by routingRules[1]', applied: withoutRule('ca') },
  { name: 'rule id not a slug', mutate: (p) => (p.routingRules[1].id = 'EU rule'), path: 'routingRules[1].id', code: 'bad-slug', reason: 'Rule id "EU rule" is not a valid id', applied: withoutRule('eu') },
  { name: 'match email malformed', mutate: (p) => (p.routingRules[0].match.emails = ['jane.doe at acme']), path: 'routingRules[0].match.emails[0]', code: 'bad-email', reason: '"jane.doe at acme" is not an email address', applied: withoutRule('jane-any') },
  { name: 'match email domain with a wildcard', mutate: (p) => (p.routingRules[1].match = { emailDomains: ['*.acme.example'] }), path: 'routingRules[1].match.emailDomains[0]', code: 'bad-domain', reason: '"*.acme.example" is not a domain name', applied: withoutRule('eu') },
  { name: 'attribute condition with equals and in', mutate: (p) => (p.routingRules[1].match.attributes[0].in = ['EU']), path: 'routingRules[1].match.attributes[0]', code: 'bad-attribute-condition', reason: 'must give exactly one of "equals" or "in" (it gives both)', applied: withoutRule('eu') },
  { name: 'attribute condition without name', mutate: (p) => delete p.routingRules[2].match.attributes[0].name, path: 'routingRules[2].match.attributes[0].name', code: 'bad-attribute-condition', reason: 'name the host attribute', applied: withoutRule('ca') },
  { name: 'attribute condition with empty "in"', mutate: (p) => (p.routingRules[2].match.attributes[0] = { name: 'region', in: [] }), path: 'routingRules[2].match.attributes[0].in', code: 'bad-attribute-condition', reason: 'in is empty', applied: withoutRule('ca') },
  { name: 'rule without profiles (kept: denies its users)', mutate: (p) => delete p.routingRules[1].profiles, path: 'routingRules[1].profiles', code: 'missing', reason: 'users this rule matches may not send', applied: all(everythingElse, ruleProfiles('eu', [])) },
  { name: 'rule with an empty profile list', mutate: (p) => (p.routingRules[1].profiles = []), path: 'routingRules[1].profiles', code: 'empty', reason: 'routingRules[1].profiles is empty', applied: all(everythingElse, ruleProfiles('eu', [])) },
  { name: 'rule profiles is a single id, not a list', mutate: (p) => (p.routingRules[1].profiles = 'acme-eu'), path: 'routingRules[1].profiles', code: 'wrong-type', reason: 'must be a list, not the text "acme-eu". Users this rule matches may not send until it is fixed.', applied: all(everythingElse, ruleProfiles('eu', [])) },
  { name: 'allowChoice is not a boolean', mutate: (p) => (p.routingRules[0].allowChoice = 'maybe'), path: 'routingRules[0].allowChoice', code: 'wrong-type', reason: 'routingRules[0].allowChoice must be true or false, not the text "maybe"', applied: withoutRule('jane-any') },
  { name: 'rule entry is null', mutate: (p) => (p.routingRules[2] = null), path: 'routingRules[2]', code: 'wrong-type', reason: 'routingRules[2] must be an object, not null', applied: withoutRule('ca') },
  { name: 'match is a list', mutate: (p) => (p.routingRules[2].match = []), path: 'routingRules[2].match', code: 'wrong-type', reason: 'routingRules[2].match must be an object, not a list', applied: withoutRule('ca') },

  // ---- fallback
  { name: 'fallback neither denies nor lists profiles', mutate: (p) => (p.fallback = {}), path: 'fallback', code: 'missing', reason: 'must either set "deny": true or list "profiles"', applied: all(everythingElse, (p) => expect(p.fallback).toEqual({ deny: true })) },
  { name: 'fallback denies and lists profiles', mutate: (p) => (p.fallback = { deny: true, profiles: ['acme-na'] }), path: 'fallback.profiles', code: 'conflict', reason: 'deny wins', applied: all(everythingElse, (p) => expect(p.fallback).toEqual({ deny: true })) },
  { name: 'fallback names only unknown profiles', mutate: (p) => (p.fallback = { profiles: ['acme-au'] }), path: 'fallback.profiles[0]', code: 'unknown-profile', reason: 'names profile "acme-au"', applied: all(everythingElse, (p) => expect(p.fallback).toEqual({ deny: true })) },
  { name: 'fallback default outside its profiles', mutate: (p) => (p.fallback = { profiles: ['acme-na'], defaultProfile: 'acme-eu' }), path: 'fallback.defaultProfile', code: 'default-not-allowed', reason: 'fallback.defaultProfile "acme-eu" is not one of the fallback\'s valid profiles', applied: all(everythingElse, (p) => expect(p.fallback).toEqual({ profiles: ['acme-na'] })) },
  { name: 'fallback is broken JSON text', mutate: (p) => (p.fallback = '{"deny": tru}'), path: 'fallback', code: 'invalid-json', reason: 'fallback is text that is not valid JSON', applied: all(everythingElse, (p) => expect(p.fallback).toEqual({ deny: true })) },
  { name: 'fallback is a word', mutate: (p) => (p.fallback = 'deny'), path: 'fallback', code: 'wrong-type', reason: 'fallback must be an object, not the text "deny". Users no routing rule matches may not send until this is fixed.', applied: all(everythingElse, (p) => expect(p.fallback).toEqual({ deny: true })) },

  // ---- host adapters
  { name: 'adapter for every URL', mutate: (p) => (p.hostAdapters[0].matches = ['<all_urls>']), path: 'hostAdapters[0].matches[0]', code: 'bad-match-pattern', reason: 'too broad', applied: withoutAdapter('acme-crm') },
  { name: 'adapter with a host wildcard', mutate: (p) => (p.hostAdapters[0].matches = ['https://*/*']), path: 'hostAdapters[0].matches[0]', code: 'bad-match-pattern', reason: 'matches every site', applied: withoutAdapter('acme-crm') },
  { name: 'adapter pattern without a path', mutate: (p) => (p.hostAdapters[1].matches = ['https://wiki.acme.example']), path: 'hostAdapters[1].matches[0]', code: 'bad-match-pattern', reason: 'is not a match pattern for web pages', applied: withoutAdapter('acme-wiki') },
  { name: 'adapter without user', mutate: (p) => delete p.hostAdapters[0].user, path: 'hostAdapters[0].user', code: 'missing', reason: 'say how to read the signed-in host user', applied: withoutAdapter('acme-crm') },
  { name: 'adapter without user id selector', mutate: (p) => delete p.hostAdapters[0].user.id, path: 'hostAdapters[0].user.id', code: 'missing', reason: 'hostAdapters[0].user.id is missing', applied: withoutAdapter('acme-crm') },
  { name: 'adapter with no document kinds', mutate: (p) => (p.hostAdapters[1].documents = []), path: 'hostAdapters[1].documents', code: 'empty', reason: 'describe at least one kind of document item', applied: withoutAdapter('acme-wiki') },
  { name: 'adapter selector attribute is a number', mutate: (p) => (p.hostAdapters[1].documents[0].url.attribute = 7), path: 'hostAdapters[1].documents[0].url.attribute', code: 'wrong-type', reason: 'must be text, not the number 7', applied: withoutAdapter('acme-wiki') },
  { name: 'duplicate adapter id', mutate: (p) => (p.hostAdapters[1].id = 'acme-crm'), path: 'hostAdapters[1].id', code: 'duplicate-id', reason: 'Adapter id "acme-crm" is already used by hostAdapters[0]', applied: withoutAdapter('acme-wiki') },

  // ---- settings / defaults
  { name: 'status refresh below DocuSign\'s 15 minutes', mutate: (p) => (p.settings.statusRefreshMinutes = 5), path: 'settings.statusRefreshMinutes', code: 'out-of-range', reason: 'settings.statusRefreshMinutes is 5; it must be at least 15', applied: all(everythingElse, (p) => expect(p.settings).toEqual({ allowLocalProfiles: false, confirmBeforeSend: true })) },
  { name: 'document storage not a whole number', mutate: (p) => (p.settings.maxStoredDocumentsMb = 1.5), path: 'settings.maxStoredDocumentsMb', code: 'wrong-type', reason: 'must be a whole number, not the number 1.5', applied: (p) => expect(p.settings).toEqual({ allowLocalProfiles: false, confirmBeforeSend: true }) },
  { name: 'boolean setting as a word', mutate: (p) => (p.settings.confirmBeforeSend = 'yes'), path: 'settings.confirmBeforeSend', code: 'wrong-type', reason: 'must be true or false, not the text "yes"', applied: (p) => expect(p.settings).toEqual({ allowLocalProfiles: false }) },
  { name: 'settings is a list', mutate: (p) => (p.settings = [true]), path: 'settings', code: 'wrong-type', reason: 'settings must be an object, not a list. No setting is locked by policy.', applied: all(everythingElse, (p) => expect(p.settings).toEqual({})) },
  { name: 'default above the maximum', mutate: (p) => (p.defaults.statusRefreshMinutes = 100000), path: 'defaults.statusRefreshMinutes', code: 'out-of-range', reason: 'must be at most 1440', applied: all(everythingElse, (p) => expect(p.defaults).toEqual({})) },
  { name: 'negative document storage from registry text', mutate: (p) => (p.defaults.maxStoredDocumentsMb = '-3'), path: 'defaults.maxStoredDocumentsMb', code: 'out-of-range', reason: 'must be at least 10', applied: (p) => expect(p.defaults).toEqual({ statusRefreshMinutes: 30 }) },
];

describe('validatePolicy: malformed policies (each entry rejected with a reason, the rest applied)', () => {
  it('the example policy is valid and applies completely', () => {
    const r = validatePolicy(base());
    expect(r.rejected).toEqual([]);
    everythingElse(r.policy);
  });

  it(`has at least 40 cases (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const raw = base();
    c.mutate(raw);
    const r = validatePolicy(raw);
    const hit = r.rejected.find((x) => x.path === c.path);
    expect(hit, `rejections: ${r.rejected.map(formatRejection).join('\n')}`).toBeDefined();
    expect(hit?.code).toBe(c.code);
    if (typeof c.reason === 'string') expect(hit?.reason).toContain(c.reason);
    else expect(hit?.reason).toMatch(c.reason);
    // A reason is a sentence that names the place when shown alone.
    expect(formatRejection(hit!)).toContain(c.path === '' ? '' : c.path);
    c.applied(r.policy);
    // Nothing else from the policy is rejected except what follows from this one problem.
    for (const other of r.rejected) expect(other.reason.length).toBeGreaterThan(20);
  });

  it('reports every problem of an entry, one rejection each', () => {
    const raw = base();
    raw.profiles[0] = { id: 'Bad Id', environment: 'staging', integrationKey: 'x' };
    const r = validatePolicy(raw);
    expect(r.rejected.map((x) => x.path)).toEqual(
      expect.arrayContaining(['profiles[0].id', 'profiles[0].label', 'profiles[0].environment', 'profiles[0].integrationKey']),
    );
    expect(r.rejected.filter((x) => x.path.startsWith('profiles[0]')).every((x) => x.entryId === 'Bad Id')).toBe(true);
  });

  it('a policy that is not an object is rejected as a whole', () => {
    const r = validatePolicy([{ profiles: [] }]);
    expect(r.rejected).toEqual([expect.objectContaining({ path: '', code: 'not-object' })]);
    expect(r.policy).toEqual({});
    expect(validatePolicy(null)).toEqual({ policy: {}, rejected: [], warnings: [] });
    expect(validatePolicy({})).toEqual({ policy: {}, rejected: [], warnings: [] });
  });

  it('unknown keys are warnings, with a suggestion', () => {
    const raw = base();
    raw.routingrules = [];
    raw.profiles[0].acountId = raw.profiles[0].accountId;
    const r = validatePolicy(raw);
    expect(r.rejected).toEqual([]);
    const messages = r.warnings.filter((w) => w.code === 'unknown-key').map((w) => w.message);
    expect(messages).toEqual([
      'profiles[0].acountId is not a known property and is ignored. Did you mean "accountId"?',
      expect.stringContaining('"routingrules" is not a policy of this extension and is ignored. Did you mean "routingRules"?'),
    ]);
  });

  it('normalises: GUIDs, emails and domains lower-cased, trailing slashes and send mode case', () => {
    const raw = base();
    raw.profiles[0].integrationKey = raw.profiles[0].integrationKey.toUpperCase();
    raw.profiles[0].expectedBaseUri = 'https://EU.docusign.net/';
    raw.profiles[0].environment = 'https://account-d.docusign.com/';
    raw.profiles[0].sendMode = 'Direct';
    raw.routingRules[0].match.emails = ['Jane.Doe@ACME.example'];
    raw.routingRules[1].match = { emailDomains: ['@Acme-EU.example'] };
    const r = validatePolicy(raw);
    expect(r.rejected).toEqual([]);
    expect(r.policy.profiles?.[0]).toMatchObject({
      integrationKey: '6f1c9a42-3b8e-4d27-9c55-2f0a8e7d1b34',
      expectedBaseUri: 'https://eu.docusign.net',
      environment: 'https://account-d.docusign.com',
      sendMode: 'direct',
    });
    expect(r.policy.routingRules?.[0]?.match.emails).toEqual(['jane.doe@acme.example']);
    expect(r.policy.routingRules?.[1]?.match.emailDomains).toEqual(['acme-eu.example']);
  });

  it('directSend: normalised, kept; "one-call" on a profile that does not send directly is a warning', () => {
    const raw = base();
    raw.profiles[0].sendMode = 'direct';
    raw.profiles[0].directSend = ' One-Call ';
    raw.profiles[1].directSend = 'one-call';
    delete raw.profiles[1].sendMode;
    raw.profiles[2].directSend = 'draft-first';
    const r = validatePolicy(raw);
    expect(r.rejected).toEqual([]);
    expect(r.policy.profiles?.map((p) => [p.id, p.sendMode, p.directSend])).toEqual([
      ['acme-eu', 'direct', 'one-call'],
      ['acme-ca', undefined, 'one-call'],
      ['acme-na', raw.profiles[2].sendMode, 'draft-first'],
    ]);
    const unused = r.warnings.filter((w) => w.code === 'direct-send-unused');
    expect(unused).toEqual([expect.objectContaining({ path: 'profiles[1].directSend', message: expect.stringMatching(/only applies with "sendMode": "direct"/) })]);
  });

  it('accepts loopback http authorization servers (tests) and warns', () => {
    const raw = base();
    for (const env of ['http://127.0.0.1:8400', 'http://localhost:3000', 'http://[::1]:9000', 'http://127.8.9.10']) {
      raw.profiles[0].environment = env;
      const r = validatePolicy(raw);
      expect(r.rejected).toEqual([]);
      expect(r.warnings.map((w) => w.code)).toContain('loopback-environment');
    }
  });

  it('the validated policy re-validates to itself (stable, JSON-safe)', () => {
    const first = validatePolicy(base()).policy;
    const again = validatePolicy(JSON.parse(JSON.stringify(first)));
    expect(again.rejected).toEqual([]);
    expect(again.policy).toEqual(first);
  });
});

describe('coercion of registry-style values', () => {
  const coerced = (raw: unknown) => validatePolicy(raw).warnings.filter((w) => w.code === 'coerced');

  it.each([
    [1, true],
    [0, false],
    ['1', true],
    ['0', false],
    ['true', true],
    ['FALSE', false],
    [' True ', true],
  ] as const)('boolean setting %j -> %j', (input, expected) => {
    const r = validatePolicy({ settings: { confirmBeforeSend: input } });
    expect(r.rejected).toEqual([]);
    expect(r.policy.settings).toEqual({ confirmBeforeSend: expected });
    expect(coerced({ settings: { confirmBeforeSend: input } })).toHaveLength(1);
  });

  it('"true"/"false" text gets a warning that Chrome would drop it', () => {
    const [w] = coerced({ settings: { showUsageReport: 'true' } });
    expect(w?.message).toContain('its Windows registry reader accepts 0 and 1 only');
    const [w2] = coerced({ settings: { showUsageReport: 1 } });
    expect(w2?.message).toContain('Chrome converts such values only when they come from the Windows registry');
  });

  it('numeric text becomes a number', () => {
    const r = validatePolicy({ settings: { statusRefreshMinutes: '30' }, defaults: { maxStoredDocumentsMb: ' 512 ' } });
    expect(r.rejected).toEqual([]);
    expect(r.policy.settings).toEqual({ statusRefreshMinutes: 30 });
    expect(r.policy.defaults).toEqual({ maxStoredDocumentsMb: 512 });
  });

  it('non-numeric text for a number is rejected, not guessed', () => {
    const r = validatePolicy({ settings: { statusRefreshMinutes: '30 min' } });
    expect(r.rejected).toEqual([expect.objectContaining({ path: 'settings.statusRefreshMinutes', code: 'wrong-type' })]);
  });

  it('JSON text where a list or object is expected (how Windows admins write complex values)', () => {
    const r = validatePolicy({
      profiles: JSON.stringify(EXAMPLE.profiles),
      routingRules: JSON.stringify(EXAMPLE.routingRules),
      fallback: JSON.stringify(EXAMPLE.fallback),
      settings: JSON.stringify({ confirmBeforeSend: 1 }),
    });
    expect(r.rejected).toEqual([]);
    expect(ids(r.policy.profiles)).toEqual(ALL_PROFILES);
    expect(ids(r.policy.routingRules)).toEqual(ALL_RULES);
    expect(r.policy.fallback).toMatchObject({ deny: true });
    expect(r.policy.settings).toEqual({ confirmBeforeSend: true });
    expect(coerced({ profiles: JSON.stringify(EXAMPLE.profiles) }).map((w) => w.path)).toEqual(['profiles']);
  });

  it('nested JSON text and nested registry values', () => {
    const raw = structuredClone(EXAMPLE);
    raw.routingRules[0].profiles = '["acme-na", "acme-eu"]';
    raw.routingRules[0].allowChoice = 0;
    const r = validatePolicy(raw);
    expect(r.rejected).toEqual([]);
    expect(r.policy.routingRules?.[0]).toMatchObject({ profiles: ['acme-na', 'acme-eu'], allowChoice: false });
  });

  it('JSON text of the wrong shape is a type error', () => {
    const r = validatePolicy({ profiles: '{"id": "x"}' });
    expect(r.rejected[0]).toMatchObject({ path: 'profiles', code: 'invalid-json' });
    expect(r.rejected[0]?.reason).toContain('it holds an object');
  });
});

describe('validateConfigImport (options page)', () => {
  it('reads the policy shape with "version": 1 and merges settings over defaults', () => {
    const r = validateConfigImport({ version: 1, ...EXAMPLE, defaults: { statusRefreshMinutes: 30, confirmBeforeSend: false } });
    expect(r.rejected).toEqual([]);
    expect(ids(r.config.profiles)).toEqual(ALL_PROFILES);
    expect(r.config.settings).toEqual({ statusRefreshMinutes: 30, confirmBeforeSend: true, allowLocalProfiles: false });
  });

  it('refuses an unknown version', () => {
    const r = validateConfigImport({ version: 2, profiles: [] });
    expect(r.rejected).toEqual([expect.objectContaining({ path: 'version', code: 'bad-enum' })]);
  });

  it('reads file text, and refuses text that is not JSON', () => {
    expect(validateConfigImport(JSON.stringify(EXAMPLE)).rejected).toEqual([]);
    expect(validateConfigImport('{profiles: []}').rejected[0]).toMatchObject({ path: '', code: 'invalid-json' });
  });

  it('unwraps the files the admin tooling writes (Linux JSON, Firefox, Google Admin)', () => {
    const linux = { '3rdparty': { extensions: { bihmdpidohpbkmlopegalhijmdkjmanp: EXAMPLE } }, ExtensionSettings: {} };
    const firefox = { policies: { '3rdparty': { Extensions: { 'send-with-docusign@example.com': EXAMPLE } } } };
    const google = Object.fromEntries(Object.entries(EXAMPLE).map(([k, v]) => [k, { Value: v }]));
    for (const file of [linux, firefox, google]) {
      const r = validateConfigImport(file);
      expect(r.rejected).toEqual([]);
      expect(ids(r.config.profiles)).toEqual(ALL_PROFILES);
    }
  });

  it('round-trips the export file', () => {
    const config = validateConfigImport(EXAMPLE).config;
    const back = validateConfigImport(JSON.parse(JSON.stringify(toImportFile(config))));
    expect(back.rejected).toEqual([]);
    expect(back.config).toEqual(config);
  });

  it('keeps the valid rest of an import and reports the rest', () => {
    const raw = structuredClone(EXAMPLE);
    raw.profiles[1].integrationKey = 'oops';
    const r = validateConfigImport(raw);
    expect(ids(r.config.profiles)).toEqual(['acme-eu', 'acme-na']);
    expect(r.rejected.map((x) => x.path)).toContain('profiles[1].integrationKey');
  });

  it("local rules and fallback may name profiles the local configuration does not define (the policy's)", () => {
    const stored = {
      profiles: [EXAMPLE.profiles[0]],
      routingRules: [{ id: 'ca', match: { emailDomains: ['acme-ca.example'] }, profiles: ['acme-ca', 'acme-eu'], defaultProfile: 'acme-ca' }],
      fallback: { profiles: ['corp-default'] },
      hostAdapters: [],
      settings: {},
    };
    const r = sanitizeLocalConfig(stored);
    expect(r.rejected).toEqual([]);
    expect(r.config.routingRules).toEqual([stored.routingRules[0]]);
    expect(r.config.fallback).toEqual({ profiles: ['corp-default'] });
    // The same file through the options-page import: kept too.
    const imported = validateConfigImport({ routingRules: stored.routingRules });
    expect(imported.rejected).toEqual([]);
    expect(imported.config.routingRules[0]?.profiles).toEqual(['acme-ca', 'acme-eu']);
  });

  it('local references are still checked: a malformed id, or a profile this configuration rejected', () => {
    const r = sanitizeLocalConfig({
      profiles: [EXAMPLE.profiles[0], { ...EXAMPLE.profiles[1], integrationKey: 'oops' }],
      routingRules: [{ id: 'ca', match: { emailDomains: ['acme-ca.example'] }, profiles: ['acme-ca', 'Not A Slug!', 'acme-eu'] }],
      hostAdapters: [],
      settings: {},
    });
    expect(r.config.routingRules[0]?.profiles).toEqual(['acme-eu']);
    const refs = r.rejected.filter((x) => x.path.startsWith('routingRules[0].profiles'));
    expect(refs.map((x) => [x.path, x.code])).toEqual([
      ['routingRules[0].profiles[0]', 'unknown-profile'],
      ['routingRules[0].profiles[1]', 'bad-slug'],
    ]);
    expect(refs[0]?.reason).toContain('which was rejected (see profiles[1])');
  });

  it("a policy's references must name the policy's own profiles", () => {
    const r = validatePolicy({ profiles: [EXAMPLE.profiles[0]], routingRules: [{ id: 'ca', match: {}, profiles: ['acme-ca'] }] });
    expect(r.policy.routingRules?.[0]?.profiles).toEqual([]);
    expect(r.rejected.map((x) => x.code)).toContain('unknown-profile');
  });

  it('sanitizeLocalConfig drops invalid stored parts', () => {
    const r = sanitizeLocalConfig({ profiles: [EXAMPLE.profiles[0], { id: 'x' }], routingRules: [], hostAdapters: [], settings: { statusRefreshMinutes: 1 } });
    expect(ids(r.config.profiles)).toEqual(['acme-eu']);
    expect(r.config.settings).toEqual({});
    expect(sanitizeLocalConfig('garbage').config).toEqual({ profiles: [], routingRules: [], hostAdapters: [], settings: {} });
  });
});
