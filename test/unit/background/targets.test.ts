import { describe, expect, it } from 'vitest';
import { resolveEffectiveConfig, validatePolicy, type HostUser } from '../../../utils/config';
import { buttonTargetFrom, environmentLabel } from '../../../utils/background/targets';

const KEY = '6f1c9a42-3b8e-4d27-9c55-2f0a8e7d1b34';
const policy = validatePolicy({
  profiles: [
    { id: 'eu', label: 'Acme EU', environment: 'demo', integrationKey: KEY, accountId: 'e4b8a2c6-9d1f-4a3e-8b7c-5d6e7f809a1b' },
    { id: 'ca', label: 'Acme CA', environment: 'production', integrationKey: KEY, accountId: 'c1a5d9e3-2f7b-4c8a-9d0e-6f1a2b3c4d5e' },
  ],
  routingRules: [
    { id: 'eu', match: { attributes: [{ name: 'region', equals: 'EU' }] }, profiles: ['eu'] },
    { id: 'both', match: { emails: ['jane@acme.example'] }, profiles: ['eu', 'ca'] },
  ],
  fallback: { deny: true, message: 'Not for you.' },
}).policy;

const user = (over: Partial<HostUser>): HostUser => ({ origin: 'http://app', id: 'u1', attributes: {}, ...over });
const resolve = (hostUser: HostUser | null, storedSelection: string | null = null) =>
  resolveEffectiveConfig({ policy, hostUser, storedSelection });

describe('buttonTargetFrom', () => {
  it('no host user on the page → no-user', () => {
    expect(buttonTargetFrom(resolve(null), null, null).status).toBe('no-user');
  });
  it('routed and signed out → sign-in for the routed profile', () => {
    const u = user({ attributes: { region: 'EU' } });
    expect(buttonTargetFrom(resolve(u), u, null)).toMatchObject({ status: 'sign-in', profileId: 'eu', profileLabel: 'Acme EU', environmentLabel: 'demo' });
  });
  it('routed and signed in → ready, showing the DocuSign user and account', () => {
    const u = user({ attributes: { region: 'EU' } });
    expect(buttonTargetFrom(resolve(u), u, { signedIn: true, email: 'e@x', accountName: 'Acme Europe GmbH' })).toMatchObject({
      status: 'ready',
      profileLabel: 'Acme EU',
      docusignEmail: 'e@x',
      accountName: 'Acme Europe GmbH',
    });
  });
  it('fallback deny → denied with the administrator message', () => {
    const u = user({ attributes: { region: 'AU' } });
    expect(buttonTargetFrom(resolve(u), u, null)).toEqual({ status: 'denied', message: 'Not for you.' });
  });
  it('several profiles and no default → choose; a stored choice → that profile', () => {
    const u = user({ email: 'jane@acme.example' });
    expect(buttonTargetFrom(resolve(u), u, null).status).toBe('choose');
    expect(buttonTargetFrom(resolve(u, 'ca'), u, null)).toMatchObject({ status: 'sign-in', profileId: 'ca', environmentLabel: 'production' });
  });
  it('no profiles configured at all → unconfigured', () => {
    const u = user({});
    expect(buttonTargetFrom(resolveEffectiveConfig({ hostUser: u }), u, null).status).toBe('unconfigured');
  });
});

describe('environmentLabel', () => {
  it.each([
    ['demo', 'demo'],
    ['production', 'production'],
    ['http://127.0.0.1:4567', 'local'],
    ['http://localhost:80', 'local'],
    ['https://account-d.docusign.com', 'account-d.docusign.com'],
    ['not a url', 'not a url'],
  ])('%s → %s', (input, label) => expect(environmentLabel(input)).toBe(label));
});
