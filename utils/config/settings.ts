/**
 * The settings: each has a built-in default, a title and a description (from the managed schema,
 * so the options page and chrome://policy say the same), and a type/range checked here.
 */
import { MANAGED_SCHEMA, deref } from './schema';
import type { SettingKey, Settings } from './types';

export interface SettingDefinition<K extends SettingKey = SettingKey> {
  key: K;
  type: 'boolean' | 'integer';
  default: Settings[K];
  minimum?: number;
  maximum?: number;
  title: string;
  description: string;
}

const SETTING_SCHEMA = deref(MANAGED_SCHEMA.properties?.settings ?? {}).properties ?? {};

function text(key: SettingKey): { title: string; description: string } {
  const node = SETTING_SCHEMA[key];
  return { title: node?.title ?? key, description: node?.description ?? '' };
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  allowLocalProfiles: false,
  confirmBeforeSend: true,
  statusRefreshMinutes: 20,
  maxStoredDocumentsMb: 200,
  showUsageReport: true,
});

export const SETTING_DEFINITIONS: { readonly [K in SettingKey]: SettingDefinition<K> } = {
  allowLocalProfiles: { key: 'allowLocalProfiles', type: 'boolean', default: false, ...text('allowLocalProfiles') },
  confirmBeforeSend: { key: 'confirmBeforeSend', type: 'boolean', default: true, ...text('confirmBeforeSend') },
  statusRefreshMinutes: {
    key: 'statusRefreshMinutes',
    type: 'integer',
    default: 20,
    minimum: 15,
    maximum: 1440,
    ...text('statusRefreshMinutes'),
  },
  maxStoredDocumentsMb: {
    key: 'maxStoredDocumentsMb',
    type: 'integer',
    default: 200,
    minimum: 10,
    maximum: 2048,
    ...text('maxStoredDocumentsMb'),
  },
  showUsageReport: { key: 'showUsageReport', type: 'boolean', default: true, ...text('showUsageReport') },
};

export const SETTING_KEYS = Object.keys(SETTING_DEFINITIONS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(SETTING_DEFINITIONS, key);
}

/**
 * Checks one (already type-checked) setting value. Returns null when fine, else the reason.
 */
export function checkSettingValue(key: SettingKey, value: unknown): string | null {
  const def: SettingDefinition = SETTING_DEFINITIONS[key];
  if (def.type === 'boolean') return typeof value === 'boolean' ? null : `${key} must be true or false.`;
  if (typeof value !== 'number' || !Number.isInteger(value)) return `${key} must be a whole number.`;
  if (def.minimum !== undefined && value < def.minimum) {
    return `${key} is ${value}; it must be at least ${def.minimum}${key === 'statusRefreshMinutes' ? ' (DocuSign allows one status request per envelope every 15 minutes)' : ''}.`;
  }
  if (def.maximum !== undefined && value > def.maximum) return `${key} is ${value}; it must be at most ${def.maximum}.`;
  return null;
}
