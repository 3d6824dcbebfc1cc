/**
 * The account a user chose for a profile that names no account. Not secret (an account id), so it
 * lives in storage.local and survives browser restarts and sign-outs. WXT notation:
 * `local:accountChoice:<profileId>`.
 */
import { browser } from 'wxt/browser';
import { now } from './context';

interface RememberedChoice {
  accountId: string;
  chosenAt: number;
}

const key = (profileId: string) => `accountChoice:${profileId}`;

export async function getRememberedAccountId(profileId: string): Promise<string | undefined> {
  const got = (await browser.storage.local.get(key(profileId))) as Record<string, RememberedChoice | undefined>;
  const value = got[key(profileId)];
  return typeof value?.accountId === 'string' ? value.accountId : undefined;
}

export async function rememberAccountId(profileId: string, accountId: string): Promise<void> {
  const value: RememberedChoice = { accountId, chosenAt: now() };
  await browser.storage.local.set({ [key(profileId)]: value });
}

export async function forgetAccountChoice(profileId: string): Promise<void> {
  await browser.storage.local.remove(key(profileId));
}
