/**
 * Which DocuSign account a signed-in user sends from (pure; no I/O).
 *
 * Rules (docusign/FACTS.md, DESIGN.md "Flows: Sign-in"):
 * - a profile with `accountId`: the user must be a member of exactly that account, otherwise
 *   `not_member` (naming the user, their accounts and the account needed). NEVER fall back to the
 *   user's default account: that is the known way other integrations send to the wrong tenant;
 * - `expectedBaseUri` (data-residency guard): the account's base_uri must equal it (scheme + host
 *   + port), otherwise `base_uri_mismatch`;
 * - a profile without `accountId`: the user's remembered choice if it is still one of their
 *   (eligible) accounts; if exactly one account is eligible, that one (nothing to choose); otherwise
 *   `needs_account_choice` with the list (default marked) for a chooser.
 */
import { AuthError } from './errors';
import { normalizeBaseUri } from './endpoints';
import type { AuthProfile, DocuSignAccount, DocuSignUserInfo } from './types';

export interface AccountSelectionInput {
  userinfo: DocuSignUserInfo;
  profile: Pick<AuthProfile, 'id' | 'label' | 'accountId' | 'expectedBaseUri'>;
  /** The account the user chose earlier for this profile (profiles without accountId). */
  rememberedAccountId?: string;
}

export type AccountSelection =
  | { ok: true; account: DocuSignAccount; source: 'profile' | 'remembered' | 'only-account' }
  | { ok: false; error: AuthError };

/** Account facts for UI lists (token-free, JSON). */
export interface AccountListEntry {
  accountId: string;
  accountName: string;
  baseUri: string;
  isDefault: boolean;
}

const listEntry = (a: DocuSignAccount): AccountListEntry => ({
  accountId: a.accountId,
  accountName: a.accountName,
  baseUri: a.baseUri,
  isDefault: a.isDefault,
});

const describeAccount = (a: DocuSignAccount) => `${a.accountName} (${a.accountId})${a.isDefault ? ' [default]' : ''}`;

function userFacts(userinfo: DocuSignUserInfo) {
  return { sub: userinfo.sub, name: userinfo.name, email: userinfo.email };
}

function profileName(profile: AccountSelectionInput['profile']): string {
  return profile.label ? `"${profile.label}"` : 'this profile';
}

export function selectAccount({ userinfo, profile, rememberedAccountId }: AccountSelectionInput): AccountSelection {
  const user = userFacts(userinfo);
  const who = `${userinfo.name} (${userinfo.email})`;
  const accounts = userinfo.accounts;

  let expectedBaseUri: string | undefined;
  if (profile.expectedBaseUri !== undefined && profile.expectedBaseUri !== '') {
    expectedBaseUri = normalizeBaseUri(profile.expectedBaseUri);
    if (!expectedBaseUri) {
      return {
        ok: false,
        error: new AuthError(
          'invalid_config',
          `The expected DocuSign server of ${profileName(profile)} is not a valid URL. Ask your administrator to correct it.`,
          { profileId: profile.id, expectedBaseUri: profile.expectedBaseUri },
        ),
      };
    }
  }

  if (accounts.length === 0) {
    return {
      ok: false,
      error: new AuthError(
        'no_accounts',
        `The DocuSign user ${who} has no DocuSign accounts. Sign in as a different DocuSign user, or ask your administrator to add you to an account.`,
        { user, profileId: profile.id, suggestedAction: 'sign_in_as_different_user' },
      ),
    };
  }

  const baseUriMismatch = (account: DocuSignAccount): AuthError =>
    new AuthError(
      'base_uri_mismatch',
      `The DocuSign account ${account.accountName} (${account.accountId}) is served from ${account.baseUri}, but ${profileName(profile)} must only send through ${expectedBaseUri} (data residency). Nothing was sent. Ask your administrator to check the profile.`,
      {
        user,
        profileId: profile.id,
        accountId: account.accountId,
        accountName: account.accountName,
        actualBaseUri: account.baseUri,
        expectedBaseUri,
      },
    );

  // 1. The profile names the account: membership is required, nothing else will do.
  if (profile.accountId) {
    const account = accounts.find((a) => a.accountId === profile.accountId);
    if (!account) {
      return {
        ok: false,
        error: new AuthError(
          'not_member',
          `You are signed in to DocuSign as ${who}, who is not a member of the DocuSign account ${profileName(profile)} sends from (account ${profile.accountId}). ` +
            `This DocuSign user's accounts: ${accounts.map(describeAccount).join(', ')}. ` +
            `Choose "Sign in as a different DocuSign user" to sign in as a member of that account, or ask your administrator.`,
          {
            user,
            profileId: profile.id,
            ...(profile.label ? { profileLabel: profile.label } : {}),
            requiredAccountId: profile.accountId,
            accounts: accounts.map(listEntry),
            suggestedAction: 'sign_in_as_different_user',
          },
        ),
      };
    }
    if (expectedBaseUri && account.baseUri !== expectedBaseUri) return { ok: false, error: baseUriMismatch(account) };
    return { ok: true, account, source: 'profile' };
  }

  // 2. No account named: the user's accounts (in the expected region, if one is required).
  const eligible = expectedBaseUri ? accounts.filter((a) => a.baseUri === expectedBaseUri) : accounts;
  if (eligible.length === 0) {
    return {
      ok: false,
      error: new AuthError(
        'base_uri_mismatch',
        `None of the DocuSign accounts of ${who} is served from ${expectedBaseUri}, which ${profileName(profile)} requires (data residency). ` +
          `This DocuSign user's accounts: ${accounts.map((a) => `${describeAccount(a)} at ${a.baseUri}`).join(', ')}. ` +
          `Sign in as a different DocuSign user, or ask your administrator.`,
        { user, profileId: profile.id, expectedBaseUri, accounts: accounts.map(listEntry), suggestedAction: 'sign_in_as_different_user' },
      ),
    };
  }
  if (rememberedAccountId) {
    const remembered = eligible.find((a) => a.accountId === rememberedAccountId);
    if (remembered) return { ok: true, account: remembered, source: 'remembered' };
  }
  if (eligible.length === 1) return { ok: true, account: eligible[0]!, source: 'only-account' };
  const defaultAccount = eligible.find((a) => a.isDefault);
  return {
    ok: false,
    error: new AuthError('needs_account_choice', 'Choose which DocuSign account to send from.', {
      user,
      profileId: profile.id,
      accounts: eligible.map(listEntry),
      ...(defaultAccount ? { defaultAccountId: defaultAccount.accountId } : {}),
    }),
  };
}
