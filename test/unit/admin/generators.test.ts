import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CHROME_WEB_STORE_UPDATE_URL,
  CHROMIUM_EXTENSION_ID,
  FIREFOX_EXTENSION_ID,
  generateChromeLinux,
  generateFirefox,
  generateGoogleAdmin,
  generateMacosMobileconfig,
  generatePolicyFile,
  generateWindowsReg,
  nameBasedUuid,
  POLICY_FORMATS,
  toBytes,
} from '../../../utils/admin/generators';
import { REG_HEADER } from '../../../utils/admin/generators/windows-reg';
import { policyKeySchema, propertySchema, type SchemaNode } from '../../../utils/config/schema';
import type { ValidatedPolicy } from '../../../utils/config/types';
import { validateConfigImport, validatePolicy } from '../../../utils/config/validate';
import { parsePlist, parseXml } from './xml-plist';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'policy');
const RAW = JSON.parse(readFileSync(join(FIXTURES, 'example-policy.json'), 'utf8')) as Record<string, unknown>;
const POLICY = validatePolicy(RAW).policy;
const ID = CHROMIUM_EXTENSION_ID;

/** The example with text that needs escaping in every format. */
function trickyPolicy(): ValidatedPolicy {
  const raw = structuredClone(RAW) as { profiles: Array<Record<string, unknown>>; fallback: Record<string, unknown> };
  raw.profiles[0] = { ...raw.profiles[0], label: 'R&D <EU> "Zürich" \\ 😀' };
  raw.fallback = { deny: true, message: 'Ask IT: C:\\Help\\ask.txt & "now" <b>' };
  const r = validatePolicy(raw);
  expect(r.rejected).toEqual([]);
  return r.policy;
}

function revalidates(value: unknown, expected: ValidatedPolicy): void {
  const r = validatePolicy(value);
  expect(r.rejected).toEqual([]);
  expect(r.warnings.filter((w) => w.code === 'coerced' || w.code === 'unknown-key')).toEqual([]);
  expect(r.policy).toEqual(expected);
}

// ------------------------------------------------------------------------------------------------
// A .reg reader: strict syntax, plus Chrome's registry-to-JSON conversion (registry_dict.cc).

interface RegKey {
  deleted: boolean;
  values: Map<string, string | number>;
}

function decodeUtf16le(bytes: Uint8Array): string {
  expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
  expect(bytes.length % 2).toBe(0);
  let out = '';
  for (let i = 2; i < bytes.length; i += 2) out += String.fromCharCode((bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8));
  return out;
}

function unescapeRegString(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

function parseReg(text: string): Map<string, RegKey> {
  expect(text.includes('\n') && !/[^\r]\n/.test(text)).toBe(true); // CRLF only
  const lines = text.split('\r\n');
  expect(lines[0]).toBe(REG_HEADER);
  expect(lines[1]).toBe('');
  const keys = new Map<string, RegKey>();
  let current: RegKey | null = null;
  for (const [n, line] of lines.slice(2).entries()) {
    if (line === '' || line.startsWith(';')) continue;
    const key = /^\[(-?)(HKEY_LOCAL_MACHINE(?:\\[^\\\]]+)+)\]$/.exec(line);
    if (key) {
      const path = key[2] ?? '';
      const entry: RegKey = keys.get(path) ?? { deleted: false, values: new Map() };
      if (key[1] === '-') {
        entry.deleted = true;
        current = null;
      } else current = entry;
      keys.set(path, entry);
      continue;
    }
    const value = /^"((?:[^"\\]|\\.)*)"=(?:"((?:[^"\\]|\\.)*)"|dword:([0-9a-f]{8}))$/.exec(line);
    if (!value) throw new Error(`line ${n + 3} is not valid .reg syntax: ${line.slice(0, 80)}`);
    if (!current) throw new Error(`value outside a key at line ${n + 3}`);
    const name = unescapeRegString(value[1] ?? '');
    if (current.values.has(name)) throw new Error(`duplicate value ${name}`);
    current.values.set(name, value[2] !== undefined ? unescapeRegString(value[2]) : parseInt(value[3] ?? '', 16));
  }
  return keys;
}

/** Chrome's ConvertRegistryValue for one value and schema node. */
function convert(value: string | number, schema: SchemaNode | undefined): unknown {
  switch (schema?.type) {
    case 'boolean':
      return typeof value === 'number' ? value !== 0 : /^-?\d+$/.test(value) ? Number(value) !== 0 : undefined;
    case 'integer':
      return typeof value === 'number' ? value : /^-?\d+$/.test(value) ? Number(value) : undefined;
    case 'array':
    case 'object':
      return typeof value === 'string' ? JSON.parse(value) : undefined;
    default:
      return value;
  }
}

function chromePolicyFromRegistry(keys: Map<string, RegKey>, policyKey: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of keys.get(policyKey)?.values ?? []) out[name] = convert(value, policyKeySchema(name));
  for (const [path, key] of keys) {
    if (!path.startsWith(`${policyKey}\\`) || key.deleted) continue;
    const sub = path.slice(policyKey.length + 1);
    const schema = policyKeySchema(sub);
    expect(schema?.type).toBe('object');
    out[sub] = Object.fromEntries([...key.values].map(([k, v]) => [k, convert(v, schema ? propertySchema(schema, k) : undefined)]));
  }
  return out;
}

describe('chrome-linux', () => {
  it('writes 3rdparty.extensions.<id> plus ExtensionSettings; the policy re-validates', () => {
    const file = generateChromeLinux(POLICY);
    expect(file).toMatchObject({ fileName: 'send-with-docusign.json', encoding: 'utf-8' });
    const parsed = JSON.parse(file.content) as Record<string, any>;
    expect(Object.keys(parsed)).toEqual(['3rdparty', 'ExtensionSettings']);
    expect(Object.keys(parsed['3rdparty'].extensions)).toEqual([ID]);
    revalidates(parsed['3rdparty'].extensions[ID], POLICY);
    expect(parsed.ExtensionSettings).toEqual({ [ID]: { installation_mode: 'force_installed', update_url: CHROME_WEB_STORE_UPDATE_URL } });
    // the options-page import reads the same file
    expect(validateConfigImport(parsed).rejected).toEqual([]);
  });

  it('options: extension id, update URL, no force-install', () => {
    const other = 'abcdefghijklmnopabcdefghijklmnop';
    const parsed = JSON.parse(generateChromeLinux(POLICY, { extensionId: other, updateUrl: 'https://updates.acme.example/crx.xml' }).content);
    expect(parsed.ExtensionSettings[other].update_url).toBe('https://updates.acme.example/crx.xml');
    expect(parsed['3rdparty'].extensions[other]).toBeDefined();
    expect(JSON.parse(generateChromeLinux(POLICY, { forceInstall: false }).content).ExtensionSettings).toBeUndefined();
    expect(() => generateChromeLinux(POLICY, { extensionId: 'not-an-id' })).toThrow(/not a Chromium extension id/);
    expect(() => generateChromeLinux(POLICY, { updateUrl: 'http://updates.acme.example/x' })).toThrow(/must use https/);
  });
});

describe('windows-reg', () => {
  const file = generateWindowsReg(trickyPolicy());
  const bytes = toBytes(file);
  const text = decodeUtf16le(bytes);
  const keys = parseReg(text);

  it('is a well-formed UTF-16LE .reg file with the expected keys', () => {
    expect(file).toMatchObject({ fileName: 'send-with-docusign.reg', encoding: 'utf-16le' });
    const chrome = `HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome`;
    const edge = `HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Edge`;
    expect([...keys.keys()]).toEqual([
      `${chrome}\\3rdparty\\extensions\\${ID}`,
      `${chrome}\\3rdparty\\extensions\\${ID}\\policy`,
      `${chrome}\\3rdparty\\extensions\\${ID}\\policy\\settings`,
      `${chrome}\\3rdparty\\extensions\\${ID}\\policy\\defaults`,
      `${chrome}\\ExtensionInstallForcelist`,
      `${edge}\\3rdparty\\extensions\\${ID}`,
      `${edge}\\3rdparty\\extensions\\${ID}\\policy`,
      `${edge}\\3rdparty\\extensions\\${ID}\\policy\\settings`,
      `${edge}\\3rdparty\\extensions\\${ID}\\policy\\defaults`,
      `${edge}\\ExtensionInstallForcelist`,
    ]);
    expect(keys.get(`${chrome}\\3rdparty\\extensions\\${ID}`)?.deleted).toBe(true);
    expect(keys.get(`${chrome}\\ExtensionInstallForcelist`)?.values.get('1')).toBe(`${ID};${CHROME_WEB_STORE_UPDATE_URL}`);
    expect(keys.get(`${edge}\\ExtensionInstallForcelist`)?.values.get('1')).toBe(`${ID};${CHROME_WEB_STORE_UPDATE_URL}`);
    // booleans and numbers as REG_DWORD
    expect(text).toContain('"confirmBeforeSend"=dword:00000001');
    expect(text).toContain('"statusRefreshMinutes"=dword:0000001e');
  });

  it('read back the way Chrome reads the registry, it validates to the same policy (Chrome and Edge)', () => {
    for (const root of ['Google\\Chrome', 'Microsoft\\Edge']) {
      const value = chromePolicyFromRegistry(keys, `HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\${root}\\3rdparty\\extensions\\${ID}\\policy`);
      revalidates(value, trickyPolicy());
    }
  });

  it('non-ASCII text survives the UTF-16 encoding (including surrogate pairs)', () => {
    expect(text).toContain('Zürich');
    expect(text).toContain('😀');
  });

  it('forcelist index and no force-install', () => {
    const t = decodeUtf16le(toBytes(generateWindowsReg(POLICY, { forcelistIndex: 7 })));
    expect(parseReg(t).get('HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome\\ExtensionInstallForcelist')?.values.get('7')).toContain(ID);
    expect(decodeUtf16le(toBytes(generateWindowsReg(POLICY, { forceInstall: false })))).not.toContain('ExtensionInstallForcelist');
  });
});

describe('macos-mobileconfig', () => {
  const file = generateMacosMobileconfig(trickyPolicy(), { organization: 'Acme & Co' });

  it('is well-formed XML and a valid plist configuration profile', () => {
    expect(() => parseXml(file.content)).not.toThrow();
    const profile = parsePlist(file.content) as Record<string, any>;
    expect(profile).toMatchObject({
      PayloadType: 'Configuration',
      PayloadVersion: 1,
      PayloadScope: 'System',
      PayloadIdentifier: 'send-with-docusign',
      PayloadOrganization: 'Acme & Co',
      PayloadDisplayName: 'Send with DocuSign',
    });
    const types = (profile.PayloadContent as Array<Record<string, unknown>>).map((p) => p.PayloadType);
    expect(types).toEqual([`com.google.Chrome.extensions.${ID}`, `com.microsoft.Edge.extensions.${ID}`, 'com.google.Chrome', 'com.microsoft.Edge']);
    const uuids = [profile.PayloadUUID, ...profile.PayloadContent.map((p: Record<string, unknown>) => p.PayloadUUID)];
    for (const u of uuids) expect(u).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    expect(new Set(uuids).size).toBe(uuids.length);
    expect(new Set(profile.PayloadContent.map((p: Record<string, unknown>) => p.PayloadIdentifier)).size).toBe(4);
  });

  it('each extension payload holds the policy, which re-validates', () => {
    const profile = parsePlist(file.content) as { PayloadContent: Array<Record<string, unknown>> };
    for (const payload of profile.PayloadContent.slice(0, 2)) {
      const policy = Object.fromEntries(Object.entries(payload).filter(([k]) => !k.startsWith('Payload')));
      revalidates(policy, trickyPolicy());
    }
    expect(profile.PayloadContent[2]?.ExtensionSettings).toEqual({ [ID]: { installation_mode: 'force_installed', update_url: CHROME_WEB_STORE_UPDATE_URL } });
  });

  it('is deterministic (stable UUIDs: a regenerated profile replaces the installed one)', () => {
    expect(generateMacosMobileconfig(trickyPolicy(), { organization: 'Acme & Co' }).content).toBe(file.content);
    expect(nameBasedUuid('a')).not.toBe(nameBasedUuid('b'));
    expect(generateMacosMobileconfig(POLICY, { forceInstall: false }).content).not.toContain('ExtensionSettings');
  });

  it('the XML checker rejects broken documents', () => {
    expect(() => parseXml('<plist><dict></plist>')).toThrow();
    expect(() => parseXml('<a>x & y</a>')).toThrow();
    expect(() => parseXml('<a>1 < 2</a>')).toThrow();
    expect(() => parsePlist('<?xml version="1.0"?><plist version="1.0"><dict><key>a</key></dict></plist>')).toThrow();
  });
});

describe('google-admin', () => {
  it('wraps every policy as {"Value": ...}; unwrapped it re-validates', () => {
    const file = generateGoogleAdmin(POLICY);
    const parsed = JSON.parse(file.content) as Record<string, { Value: unknown }>;
    expect(Object.keys(parsed)).toEqual(Object.keys(POLICY));
    for (const v of Object.values(parsed)) expect(Object.keys(v)).toEqual(['Value']);
    revalidates(Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v.Value])), POLICY);
    expect(validateConfigImport(parsed).rejected).toEqual([]);
    expect(file.notes.join(' ')).toContain('Force install');
  });
});

describe('firefox', () => {
  it('writes policies.3rdparty.Extensions.<gecko id> and, with an install URL, ExtensionSettings', () => {
    const file = generateFirefox(POLICY, { updateUrl: 'https://downloads.acme.example/send-with-docusign.xpi' });
    expect(file.fileName).toBe('policies.json');
    const parsed = JSON.parse(file.content) as { policies: Record<string, any> };
    revalidates(parsed.policies['3rdparty'].Extensions[FIREFOX_EXTENSION_ID], POLICY);
    expect(parsed.policies.ExtensionSettings).toEqual({
      [FIREFOX_EXTENSION_ID]: { installation_mode: 'force_installed', install_url: 'https://downloads.acme.example/send-with-docusign.xpi' },
    });
    expect(validateConfigImport(parsed).rejected).toEqual([]);
  });

  it('without an install URL there is no force-install entry, and a note says how to add it', () => {
    const file = generateFirefox(POLICY);
    expect(JSON.parse(file.content).policies.ExtensionSettings).toBeUndefined();
    expect(file.notes.join(' ')).toContain('--update-url');
    expect(() => generateFirefox(POLICY, { extensionId: 'bihmdpidohpbkmlopegalhijmdkjmanp' })).toThrow(/not a Firefox add-on id/);
  });
});

describe('generatePolicyFile', () => {
  it('refuses an invalid policy, listing the problems', () => {
    const raw = structuredClone(RAW) as { profiles: Array<Record<string, unknown>> };
    raw.profiles[0] = { ...raw.profiles[0], integrationKey: 'x' };
    for (const format of POLICY_FORMATS) {
      const r = generatePolicyFile(raw, format);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.rejected[0]?.path).toBe('profiles[0].integrationKey');
    }
  });

  it('writes every format for a valid policy', () => {
    for (const format of POLICY_FORMATS) {
      const r = generatePolicyFile(RAW, format, { updateUrl: 'https://updates.acme.example/x' });
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.file.format).toBe(format);
    }
  });
});

describe('README.md (administrators section)', () => {
  it('shows the current output of every format for the example policy', () => {
    const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'README.md'), 'utf8');
    const xpi = 'https://downloads.acme.example/send-with-docusign.xpi';
    const outputs = [
      generateChromeLinux(POLICY).content,
      generateWindowsReg(POLICY).content.replace(/\r\n/g, '\n'),
      generateMacosMobileconfig(POLICY).content,
      generateGoogleAdmin(POLICY).content,
      generateFirefox(POLICY, { updateUrl: xpi }).content,
    ];
    for (const out of outputs) expect(readme.includes(out.trimEnd())).toBe(true);
  });
});
