import { describe, expect, it } from 'vitest';
import { checkAdapterJson } from '../../../components/options/adapter-json';
import { importSummary } from '../../../components/options/import-summary';
import { checkProfileForm, formToRawProfile, profileToForm } from '../../../components/options/profile-form';
import { checkFallbackForm, checkRuleForm, formToRawRule, moveRule, ruleToForm, splitList } from '../../../components/options/rule-form';
import { emptyLocalConfig } from '../../../utils/config/validate';
import type { LocalConfig } from '../../../utils/config/types';
import { DEMO_HOST_ADAPTER } from '../../../utils/host/builtin-adapters';
import { en } from './en';

const KEY = '6f1c9a42-3b8e-4d27-9c55-2f0a8e7d1b34';
const ACCOUNT = '7d3e9c1a-4b2f-4e8d-a6c5-1f0e2d3c4b5a';

function local(): LocalConfig {
  return {
    ...emptyLocalConfig(),
    profiles: [{ id: 'acme-eu', label: 'Acme EU', environment: 'demo', integrationKey: KEY }],
  };
}

describe('profile form', () => {
  it('round-trips a profile', () => {
    const p = { id: 'x', label: 'X', environment: 'http://127.0.0.1:4000', integrationKey: KEY, accountId: ACCOUNT, sendMode: 'direct' as const, scopes: ['signature', 'cors'] };
    const raw = formToRawProfile(profileToForm(p));
    expect(raw).toEqual(p);
  });

  it('one call per direct send: a checkbox kept only with direct mode; the default (draft first) is not written', () => {
    const p = { id: 'x', label: 'X', environment: 'demo', integrationKey: KEY, sendMode: 'direct' as const, directSend: 'one-call' as const };
    const values = profileToForm(p);
    expect(values.directOneCall).toBe(true);
    expect(formToRawProfile(values)).toEqual(p);
    expect(formToRawProfile({ ...values, sendMode: 'embedded' })).not.toHaveProperty('directSend');
    expect(formToRawProfile({ ...values, directOneCall: false })).not.toHaveProperty('directSend');
    expect(profileToForm({ ...p, directSend: 'draft-first' }).directOneCall).toBe(false);
  });

  it('ties a bad integration key to its field', () => {
    const values = { ...profileToForm(), id: 'acme-na', label: 'Acme NA', integrationKey: 'not-a-guid' };
    const check = checkProfileForm(values, local(), null, [], en);
    expect(check.ok).toBe(false);
    expect(check.fields.integrationKey?.[0]).toMatch(/is not a GUID/);
    expect(Object.keys(check.fields)).toEqual(['integrationKey']);
  });

  it('names each empty required field', () => {
    const check = checkProfileForm(profileToForm(), local(), null, [], en);
    expect(Object.keys(check.fields).sort()).toEqual(['id', 'integrationKey', 'label']);
    expect(check.fields.label?.[0]).toMatch(/^Label is empty/);
  });

  it('refuses duplicate and policy ids', () => {
    const values = { ...profileToForm(), id: 'acme-eu', label: 'Again', integrationKey: KEY };
    expect(checkProfileForm(values, local(), null, [], en).fields.id).toEqual(['Another of your profiles already uses the id "acme-eu".']);
    const other = { ...values, id: 'corp' };
    expect(checkProfileForm(other, local(), null, ['corp'], en).fields.id?.[0]).toMatch(/administrator provides/);
  });

  it('accepts a valid profile and returns the whole configuration to save', () => {
    const values = { ...profileToForm(), id: 'acme-na', label: 'Acme NA', integrationKey: KEY.toUpperCase(), accountId: ACCOUNT };
    const check = checkProfileForm(values, local(), null, [], en);
    expect(check.ok).toBe(true);
    expect(check.config.profiles.map((p) => p.id)).toEqual(['acme-eu', 'acme-na']);
  });

  it('edits in place', () => {
    const values = { ...profileToForm(local().profiles[0]), label: 'Acme Europe' };
    const check = checkProfileForm(values, local(), 0, [], en);
    expect(check.ok).toBe(true);
    expect(check.config.profiles).toHaveLength(1);
    expect(check.config.profiles[0]?.label).toBe('Acme Europe');
  });
});

describe('rule form', () => {
  it('splits lists and builds the match', () => {
    expect(splitList('a, b\n c;;d')).toEqual(['a', 'b', 'c', 'd']);
    const v = { ...ruleToForm(), id: 'eu', emailDomains: 'acme-eu.example', attributes: [{ name: 'country', op: 'in' as const, value: 'DE, FR' }], profiles: ['acme-eu'] };
    expect(formToRawRule(v)).toEqual({
      id: 'eu',
      match: { emailDomains: ['acme-eu.example'], attributes: [{ name: 'country', in: ['DE', 'FR'] }] },
      profiles: ['acme-eu'],
      allowChoice: true,
    });
  });

  it('ties problems to fields and attribute rows', () => {
    const v = {
      ...ruleToForm(),
      id: 'Bad Id',
      emailDomains: 'not a domain',
      attributes: [{ name: '', op: 'equals' as const, value: 'EU' }],
      profiles: [],
    };
    const check = checkRuleForm(v, local(), null, en);
    expect(check.ok).toBe(false);
    expect(Object.keys(check.fields).sort()).toEqual(['attributes[0].name', 'emailDomains', 'id', 'profiles']);
    expect(check.fields.profiles).toEqual([en('uiErrorRuleNoProfiles')]);
  });

  it('accepts a valid rule', () => {
    const v = { ...ruleToForm(), id: 'eu', attributes: [{ name: 'region', op: 'equals' as const, value: 'EU' }], profiles: ['acme-eu'] };
    const check = checkRuleForm(v, local(), null, en);
    expect(check.fields).toEqual({});
    expect(check.ok).toBe(true);
  });

  it("accepts a rule that routes to a profile only the policy provides (not among the user's own)", () => {
    const v = { ...ruleToForm(), id: 'ca', emailDomains: 'acme-ca.example', profiles: ['acme-ca'] };
    const check = checkRuleForm(v, local(), null, en);
    expect(check.fields).toEqual({});
    expect(check.ok).toBe(true);
    expect(check.config.routingRules[0]?.profiles).toEqual(['acme-ca']);
  });

  it('moves rules', () => {
    expect(moveRule(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveRule(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveRule(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });

  it('checks the fallback', () => {
    expect(checkFallbackForm({ kind: 'profiles', message: '', profiles: [], defaultProfile: '', allowChoice: true }, local(), en).ok).toBe(false);
    const ok = checkFallbackForm({ kind: 'profiles', message: '', profiles: ['acme-eu'], defaultProfile: '', allowChoice: true }, local(), en);
    expect(ok.ok).toBe(true);
    expect(ok.config.fallback).toEqual({ profiles: ['acme-eu'], allowChoice: true });
    const unset = checkFallbackForm({ kind: 'unset', message: '', profiles: [], defaultProfile: '', allowChoice: true }, { ...local(), fallback: { deny: true } }, en);
    expect('fallback' in unset.config).toBe(false);
  });
});

describe('adapters as JSON', () => {
  it('reports parse errors and rejections', () => {
    expect(checkAdapterJson('[{', local(), en).parseError).toMatch(/not valid JSON/);
    const bad = checkAdapterJson(JSON.stringify([{ ...DEMO_HOST_ADAPTER, id: 'mine', matches: ['<all_urls>'] }]), local(), en);
    expect(bad.rejected.map((r) => r.path)).toEqual(['hostAdapters[0].matches[0]']);
    const good = checkAdapterJson(JSON.stringify({ ...DEMO_HOST_ADAPTER, id: 'mine' }), local(), en);
    expect(good.rejected).toEqual([]);
    expect(good.adapters.map((a) => a.id)).toEqual(['mine']);
    expect(checkAdapterJson('', local(), en).adapters).toEqual([]);
  });
});

describe('import summary', () => {
  it('lists what would be applied', () => {
    const summary = importSummary({ ...local(), fallback: { deny: true }, settings: { confirmBeforeSend: false } }, en);
    expect(summary).toEqual(['1 profile(s): acme-eu', 'A fallback for users no rule matches', 'Settings: confirmBeforeSend = false']);
  });
});
