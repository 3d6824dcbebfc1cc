import { describe, expect, it } from 'vitest';
import { selectAccount } from '../../../utils/auth/account-selection';
import { parseUserInfo } from '../../../utils/auth/userinfo';
import type { DocuSignUserInfo } from '../../../utils/auth/types';

const NA = { accountId: 'na-1', accountName: 'Acme NA', baseUri: 'https://na3.docusign.net', isDefault: true };
const EU = { accountId: 'eu-1', accountName: 'Acme EU', baseUri: 'https://eu.docusign.net', isDefault: false };
const CA = { accountId: 'ca-1', accountName: 'Acme CA', baseUri: 'https://ca.docusign.net', isDefault: false };

const jane: DocuSignUserInfo = { sub: 'sub-jane', name: 'Jane Doe', email: 'jane@acme.example', accounts: [NA, EU, CA] };
const sam: DocuSignUserInfo = {
  sub: 'sub-sam',
  name: 'Sam Outsider',
  email: 'sam@example.org',
  accounts: [{ accountId: 'sam-1', accountName: "Sam's personal", baseUri: 'https://na2.docusign.net', isDefault: true }],
};

describe('selectAccount', () => {
  it('picks exactly the profile account, never the default', () => {
    const result = selectAccount({ userinfo: jane, profile: { id: 'p', accountId: 'eu-1' } });
    expect(result).toMatchObject({ ok: true, account: EU, source: 'profile' });
  });

  it('refuses a non-member with a message naming the user, their accounts and the needed account', () => {
    const result = selectAccount({ userinfo: sam, profile: { id: 'p', label: 'Acme EU', accountId: 'eu-1' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('not_member');
    expect(result.error.message).toContain('Sam Outsider');
    expect(result.error.message).toContain('sam@example.org');
    expect(result.error.message).toContain("Sam's personal (sam-1)");
    expect(result.error.message).toContain('eu-1');
    expect(result.error.message).toContain('Sign in as a different DocuSign user');
    expect(result.error.details).toMatchObject({
      requiredAccountId: 'eu-1',
      user: { name: 'Sam Outsider', email: 'sam@example.org' },
      accounts: [{ accountId: 'sam-1', accountName: "Sam's personal" }],
      suggestedAction: 'sign_in_as_different_user',
    });
  });

  it('checks expectedBaseUri after normalisation', () => {
    expect(selectAccount({ userinfo: jane, profile: { id: 'p', accountId: 'eu-1', expectedBaseUri: 'https://EU.docusign.net/' } }).ok).toBe(true);
    const result = selectAccount({ userinfo: jane, profile: { id: 'p', accountId: 'eu-1', expectedBaseUri: 'https://na3.docusign.net' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('base_uri_mismatch');
    expect(result.error.details).toMatchObject({ actualBaseUri: EU.baseUri, expectedBaseUri: 'https://na3.docusign.net' });
  });

  it('asks to choose when no account is named, marking the default, and honours a remembered choice', () => {
    const ask = selectAccount({ userinfo: jane, profile: { id: 'p' } });
    expect(ask.ok).toBe(false);
    if (ask.ok) return;
    expect(ask.error.code).toBe('needs_account_choice');
    expect(ask.error.details.defaultAccountId).toBe('na-1');
    expect(ask.error.details.accounts).toEqual([
      { accountId: 'na-1', accountName: 'Acme NA', baseUri: NA.baseUri, isDefault: true },
      { accountId: 'eu-1', accountName: 'Acme EU', baseUri: EU.baseUri, isDefault: false },
      { accountId: 'ca-1', accountName: 'Acme CA', baseUri: CA.baseUri, isDefault: false },
    ]);
    expect(selectAccount({ userinfo: jane, profile: { id: 'p' }, rememberedAccountId: 'ca-1' })).toMatchObject({
      ok: true,
      account: CA,
      source: 'remembered',
    });
    // A remembered account the user no longer has is ignored (asks again, no default fallback).
    const stale = selectAccount({ userinfo: jane, profile: { id: 'p' }, rememberedAccountId: 'gone' });
    expect(stale.ok ? 'ok' : stale.error.code).toBe('needs_account_choice');
  });

  it('restricts the choice to the expected region; one eligible account needs no choice', () => {
    expect(selectAccount({ userinfo: jane, profile: { id: 'p', expectedBaseUri: 'https://ca.docusign.net' } })).toMatchObject({
      ok: true,
      account: CA,
      source: 'only-account',
    });
    const none = selectAccount({ userinfo: sam, profile: { id: 'p', expectedBaseUri: 'https://eu.docusign.net' } });
    expect(none.ok ? 'ok' : none.error.code).toBe('base_uri_mismatch');
  });

  it('reports users without accounts', () => {
    const result = selectAccount({ userinfo: { ...sam, accounts: [] }, profile: { id: 'p', accountId: 'x' } });
    expect(result.ok ? 'ok' : result.error.code).toBe('no_accounts');
  });
});

describe('parseUserInfo', () => {
  const body = {
    sub: 's',
    name: 'N',
    email: 'e@x',
    accounts: [{ account_id: 'a', account_name: 'A', base_uri: 'https://eu.docusign.net/', is_default: 'true' }],
  };

  it('normalises the DocuSign shape', () => {
    expect(parseUserInfo(body)).toEqual({
      sub: 's',
      name: 'N',
      email: 'e@x',
      accounts: [{ accountId: 'a', accountName: 'A', baseUri: 'https://eu.docusign.net', isDefault: true }],
    });
  });

  it('rejects wrong shapes and non-https base URIs with bad_response', () => {
    const bad = [
      null,
      [],
      { ...body, sub: undefined },
      { ...body, email: 3 },
      { ...body, accounts: 'x' },
      { ...body, accounts: [{ account_name: 'A', base_uri: 'https://x' }] },
      { ...body, accounts: [{ account_id: 'a', base_uri: 'not a url' }] },
      { ...body, accounts: [{ account_id: 'a', base_uri: 'http://eu.docusign.net' }] },
      { ...body, accounts: [{ account_id: 'a', base_uri: 'http://127.0.0.1:5000' }] },
    ];
    for (const value of bad) {
      expect(() => parseUserInfo(value), JSON.stringify(value)).toThrow(expect.objectContaining({ code: 'bad_response' }));
    }
    // Loopback http only when the authorization server is the loopback emulator.
    expect(parseUserInfo({ ...body, accounts: [{ account_id: 'a', base_uri: 'http://127.0.0.1:5000' }] }, { allowLoopbackHttp: true }).accounts[0]?.baseUri).toBe('http://127.0.0.1:5000');
  });
});
