/**
 * Local configuration (the options page tier): storage `local:config`, versioned.
 * Values are validated with the policy validator on the way in and out, so a hand-edited or
 * outdated stored value never reaches the resolver unchecked.
 */
import { storage } from 'wxt/utils/storage';
import type { LocalConfig } from './types';
import { emptyLocalConfig, sanitizeLocalConfig, type ImportResult } from './validate';

export const LOCAL_CONFIG_VERSION = 1;

export const localConfigItem = storage.defineItem<LocalConfig>('local:config', {
  version: LOCAL_CONFIG_VERSION,
  fallback: emptyLocalConfig(),
  // Add `2: (v1) => v2` here when the stored shape changes; bump LOCAL_CONFIG_VERSION.
  migrations: {},
});

/** The stored local configuration, re-validated (invalid parts dropped). */
export async function getLocalConfig(): Promise<LocalConfig> {
  return sanitizeLocalConfig(await localConfigItem.getValue()).config;
}

/**
 * Validates and stores. Returns the validation result; only the valid parts are stored.
 * (The options page shows `rejected` to the user.)
 */
export async function saveLocalConfig(config: unknown): Promise<ImportResult> {
  const result = sanitizeLocalConfig(config);
  await localConfigItem.setValue(result.config);
  return result;
}

export async function resetLocalConfig(): Promise<void> {
  await localConfigItem.removeValue();
}

export function watchLocalConfig(cb: (config: LocalConfig) => void): () => void {
  return localConfigItem.watch((value) => cb(sanitizeLocalConfig(value).config));
}
