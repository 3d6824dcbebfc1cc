/** Reads the token-free `details` of sign-in errors (utils/auth/account-selection.ts). Pure. */
export interface AccountEntry {
  accountId: string;
  accountName: string;
  baseUri: string;
  isDefault: boolean;
}

export interface DocuSignUserFacts {
  name: string;
  email: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function detailAccounts(details: Record<string, unknown> | undefined): AccountEntry[] {
  const list = details?.accounts;
  if (!Array.isArray(list)) return [];
  return list.flatMap((a: unknown) => {
    if (typeof a !== 'object' || a === null) return [];
    const r = a as Record<string, unknown>;
    const accountId = str(r.accountId);
    if (!accountId) return [];
    return [{ accountId, accountName: str(r.accountName) ?? accountId, baseUri: str(r.baseUri) ?? '', isDefault: r.isDefault === true }];
  });
}

export function detailUser(details: Record<string, unknown> | undefined): DocuSignUserFacts | null {
  const u = details?.user;
  if (typeof u !== 'object' || u === null) return null;
  const r = u as Record<string, unknown>;
  const email = str(r.email) ?? '';
  const name = str(r.name) ?? email;
  return name || email ? { name, email } : null;
}

export function detailString(details: Record<string, unknown> | undefined, key: string): string | undefined {
  return str(details?.[key]);
}

export function suggestsDifferentUser(details: Record<string, unknown> | undefined): boolean {
  return details?.suggestedAction === 'sign_in_as_different_user';
}
