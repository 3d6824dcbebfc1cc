import { rmSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CHROMIUM_EXTENSION_ID } from '../../../utils/extension-identity';

/**
 * Writes a real Chromium enterprise policy file. It affects every Chromium on the machine, so:
 * one file name owned by the tests, removed after each test (and on process exit), and the e2e
 * project runs its files one at a time.
 */
export const POLICY_DIR = process.env.SWD_CHROMIUM_POLICY_DIR ?? '/etc/chromium/policies/managed';
export const POLICY_FILE = path.join(POLICY_DIR, 'zz-send-with-docusign-e2e.json');

let written = false;

export async function writeExtensionPolicy(policy: unknown): Promise<void> {
  await mkdir(POLICY_DIR, { recursive: true });
  const file = { '3rdparty': { extensions: { [CHROMIUM_EXTENSION_ID]: policy } } };
  await writeFile(POLICY_FILE, JSON.stringify(file, null, 2));
  written = true;
}

export async function removeExtensionPolicy(): Promise<void> {
  await rm(POLICY_FILE, { force: true });
  written = false;
}

// Last line of defence if a test process dies between write and cleanup.
process.once('exit', () => {
  if (!written) return;
  rmSync(POLICY_FILE, { force: true });
});
