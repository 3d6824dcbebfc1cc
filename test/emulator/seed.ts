// Seed data of the DocuSign emulator: integration keys, accounts, users. Fixed GUIDs, so tests,
// the demo and policy fixtures can refer to them.
import type { RegionId } from './types.ts';

export const SEED_PASSWORD = 'Passw0rd!';

/** The extension's fixed Chromium redirect URI (identity.getRedirectURL()). */
export const CHROME_REDIRECT_URI = 'https://bihmdpidohpbkmlopegalhijmdkjmanp.chromiumapp.org/';
/** Firefox placeholder redirect URI. */
export const FIREFOX_REDIRECT_URI = 'https://send-with-docusign.extensions.allizom.org/';
/** The only redirect URI registered on the `other` integration key. */
export const OTHER_REDIRECT_URI = 'https://other.example/callback';

/** Scopes the emulator's authorization server knows for the authorization code grant. */
export const KNOWN_SCOPES = ['signature', 'extended', 'cors', 'openid'] as const;
export type KnownScope = (typeof KNOWN_SCOPES)[number];

export type IntegrationKeyName = 'main' | 'other';
export type AccountKey = 'acmeNa' | 'acmeEu' | 'acmeCa' | 'acmeAu' | 'samPersonal';
export type UserKey = 'jane' | 'emma' | 'liam' | 'sam' | 'olivia';

export interface SeedIntegrationKey {
  key: IntegrationKeyName;
  clientId: string;
  name: string;
  redirectUris: string[];
}

export interface SeedOrganization {
  organizationId: string;
  name: string;
}

export interface SeedAccount {
  key: AccountKey;
  accountId: string;
  accountName: string;
  region: RegionId;
  organization: SeedOrganization | null;
}

export interface SeedUserAccount {
  accountId: string;
  isDefault: boolean;
}

export interface SeedUser {
  key: UserKey;
  sub: string;
  name: string;
  givenName: string;
  familyName: string;
  email: string;
  password: string;
  /** userinfo `created`. */
  created: string;
  accounts: SeedUserAccount[];
}

export interface Seed {
  integrationKeys: Record<IntegrationKeyName, SeedIntegrationKey>;
  accounts: Record<AccountKey, SeedAccount>;
  users: Record<UserKey, SeedUser>;
}

export const ACME_ORGANIZATION: SeedOrganization = {
  organizationId: '0f5c7e21-8a3d-4b6f-9e12-3c4d5e6f7a81',
  name: 'Acme Group',
};

const accounts: Record<AccountKey, SeedAccount> = {
  acmeNa: {
    key: 'acmeNa',
    accountId: '7d3e9c1a-4b2f-4e8d-a6c5-1f0e2d3c4b5a',
    accountName: 'Acme Corp NA',
    region: 'na',
    organization: ACME_ORGANIZATION,
  },
  acmeEu: {
    key: 'acmeEu',
    accountId: 'e4b8a2c6-9d1f-4a3e-8b7c-5d6e7f809a1b',
    accountName: 'Acme Europe GmbH',
    region: 'eu',
    organization: ACME_ORGANIZATION,
  },
  acmeCa: {
    key: 'acmeCa',
    accountId: 'c1a5d9e3-2f7b-4c8a-9d0e-6f1a2b3c4d5e',
    accountName: 'Acme Canada Ltd',
    region: 'ca',
    organization: ACME_ORGANIZATION,
  },
  acmeAu: {
    key: 'acmeAu',
    accountId: 'a9f3b7d1-5e2c-4d6a-8f9b-0c1d2e3f4a5b',
    accountName: 'Acme Australia Pty',
    region: 'au',
    organization: ACME_ORGANIZATION,
  },
  samPersonal: {
    key: 'samPersonal',
    accountId: '5b2c8e4f-1a6d-4f9b-b3e7-8a9b0c1d2e3f',
    accountName: "Sam's personal free account",
    region: 'na',
    organization: null,
  },
};

function user(
  key: UserKey,
  sub: string,
  givenName: string,
  familyName: string,
  email: string,
  created: string,
  memberships: Array<[AccountKey, boolean]>,
): SeedUser {
  return {
    key,
    sub,
    name: `${givenName} ${familyName}`,
    givenName,
    familyName,
    email,
    password: SEED_PASSWORD,
    created,
    accounts: memberships.map(([account, isDefault]) => ({ accountId: accounts[account].accountId, isDefault })),
  };
}

/** The default seed. Read-only by convention; the running emulator's copy is `emulator.seed`. */
export const SEED: Seed = {
  integrationKeys: {
    main: {
      key: 'main',
      clientId: '6f1c9a42-3b8e-4d27-9c55-2f0a8e7d1b34',
      name: 'Send with DocuSign (ISV)',
      redirectUris: [CHROME_REDIRECT_URI, FIREFOX_REDIRECT_URI],
    },
    other: {
      key: 'other',
      clientId: 'c3e8b1d5-7a24-4f6e-8b90-5d1f2a3c4e67',
      name: 'Other Integration',
      redirectUris: [OTHER_REDIRECT_URI],
    },
  },
  accounts,
  users: {
    jane: user('jane', '2a4c6e8f-0b1d-4f3a-95c7-e9d1f3a5b7c9', 'Jane', 'Doe', 'jane.doe@acme.example', '2021-03-15T08:21:44.53', [
      ['acmeNa', true],
      ['acmeEu', false],
      ['acmeCa', false],
    ]),
    emma: user('emma', '3b5d7f9a-1c2e-4a4b-86d8-f0e2a4b6c8d0', 'Emma', 'Schmidt', 'emma.schmidt@acme-eu.example', '2022-06-01T10:02:11.7', [
      ['acmeEu', true],
    ]),
    liam: user('liam', '4c6e8a0b-2d3f-4b5c-97e9-a1f3b5c7d9e1', 'Liam', 'Tremblay', 'liam.tremblay@acme-ca.example', '2022-09-20T14:45:03.12', [
      ['acmeCa', true],
    ]),
    sam: user('sam', '5d7f9b1c-3e4a-4c6d-a8fa-b2a4c6d8e0f2', 'Sam', 'Outsider', 'sam.outsider@example.org', '2023-01-07T19:30:59.9', [
      ['samPersonal', true],
    ]),
    olivia: user('olivia', '6e8a0c2d-4f5b-4d7e-b90b-c3b5d7e9f1a3', 'Olivia', 'Brown', 'olivia.brown@acme-au.example', '2023-11-28T02:14:36.41', [
      ['acmeAu', true],
      ['acmeNa', false],
    ]),
  },
};

/** A deep copy of SEED with extra redirect URIs added to every integration key. */
export function buildSeed(extraRedirectUris: readonly string[] = []): Seed {
  const copy = structuredClone(SEED);
  for (const key of Object.values(copy.integrationKeys)) {
    for (const uri of extraRedirectUris) if (!key.redirectUris.includes(uri)) key.redirectUris.push(uri);
  }
  return copy;
}

export function findUserByEmail(seed: Seed, email: string): SeedUser | undefined {
  const wanted = email.trim().toLowerCase();
  return Object.values(seed.users).find((u) => u.email.toLowerCase() === wanted);
}

export function findUserBySub(seed: Seed, sub: string): SeedUser | undefined {
  return Object.values(seed.users).find((u) => u.sub === sub);
}

export function findAccount(seed: Seed, accountId: string): SeedAccount | undefined {
  const wanted = accountId.toLowerCase();
  return Object.values(seed.accounts).find((a) => a.accountId === wanted);
}

export function findIntegrationKey(seed: Seed, clientId: string): SeedIntegrationKey | undefined {
  const wanted = clientId.trim().toLowerCase();
  return Object.values(seed.integrationKeys).find((k) => k.clientId === wanted);
}
