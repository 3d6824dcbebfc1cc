/**
 * Windows registry file (.reg, "Windows Registry Editor Version 5.00", UTF-16LE with BOM, CRLF)
 * for Google Chrome and Microsoft Edge:
 *   HKLM\SOFTWARE\Policies\Google\Chrome\3rdparty\extensions\<id>\policy
 *   HKLM\SOFTWARE\Policies\Microsoft\Edge\3rdparty\extensions\<id>\policy
 * Lists and objects are REG_SZ JSON strings (Chrome parses them with the managed schema);
 * the flat "settings" / "defaults" objects are subkeys with REG_DWORD values, which admins can
 * edit in regedit. The extension's previous policy key is deleted first, so values removed from
 * the policy do not linger. ExtensionInstallForcelist force-installs the extension.
 */
import type { ValidatedPolicy } from '../../config/types';
import { chromiumId, chromiumUpdateUrl, policyValues, type GenerateOptions, type GeneratedFile } from './common';

export const REG_HEADER = 'Windows Registry Editor Version 5.00';

const BROWSERS = [
  { name: 'Google Chrome', root: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome' },
  { name: 'Microsoft Edge', root: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Edge' },
] as const;

/** Escapes a REG_SZ value for a .reg file. */
export function regString(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new Error('A REG_SZ value in a .reg file cannot contain line breaks or NUL.');
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function regDword(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new Error(`${value} does not fit a REG_DWORD.`);
  return `dword:${value.toString(16).padStart(8, '0')}`;
}

function regValue(value: unknown): string {
  if (typeof value === 'boolean') return regDword(value ? 1 : 0);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return regDword(value);
  if (typeof value === 'string') return regString(value);
  return regString(JSON.stringify(value));
}

function isFlatObject(value: unknown): value is Record<string, boolean | number | string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'boolean' || typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v) && v >= 0))
  );
}

export function generateWindowsReg(policy: ValidatedPolicy, options: GenerateOptions = {}): GeneratedFile {
  const id = chromiumId(options);
  const forceInstall = options.forceInstall !== false;
  const index = options.forcelistIndex ?? 1;
  if (!Number.isInteger(index) || index < 1) throw new Error('The ExtensionInstallForcelist index must be a positive whole number.');
  const values = policyValues(policy);
  const lines: string[] = [
    REG_HEADER,
    '',
    `; Send with DocuSign: enterprise policy for extension ${id} (Google Chrome and Microsoft Edge).`,
    '; Import as administrator: reg import send-with-docusign.reg',
    '; The extension\'s previous policy values are removed first, so re-import this file after every change.',
  ];
  for (const browser of BROWSERS) {
    const extKey = `${browser.root}\\3rdparty\\extensions\\${id}`;
    lines.push('', `; ${browser.name}`, `[-${extKey}]`, '', `[${extKey}\\policy]`);
    const subkeys: Array<[string, Record<string, boolean | number | string>]> = [];
    for (const [name, value] of Object.entries(values)) {
      if ((name === 'settings' || name === 'defaults') && isFlatObject(value)) subkeys.push([name, value]);
      else lines.push(`${regString(name)}=${regValue(value)}`);
    }
    for (const [name, obj] of subkeys) {
      lines.push('', `[${extKey}\\policy\\${name}]`);
      for (const [k, v] of Object.entries(obj)) lines.push(`${regString(k)}=${regValue(v)}`);
    }
    if (forceInstall) {
      lines.push(
        '',
        `; Force-installs the extension. If value "${index}" is already used in ExtensionInstallForcelist, regenerate with --forcelist-index <free number>.`,
        `[${browser.root}\\ExtensionInstallForcelist]`,
        `${regString(String(index))}=${regString(`${id};${chromiumUpdateUrl(options)}`)}`,
      );
    }
  }
  lines.push('');
  const notes = [
    'Import as administrator ("reg import send-with-docusign.reg", or Group Policy Preferences > Registry), then check chrome://policy and edge://policy.',
    'Lists and objects are stored as JSON strings (REG_SZ), booleans and numbers as REG_DWORD.',
  ];
  if (forceInstall) {
    notes.push(
      `ExtensionInstallForcelist value "${index}" is set for Chrome and Edge; if that number is already in use on your machines, regenerate with --forcelist-index. On machines not joined to a domain, Chrome force-installs only Chrome Web Store extensions.`,
    );
  }
  return {
    format: 'windows-reg',
    fileName: 'send-with-docusign.reg',
    mediaType: 'text/plain',
    encoding: 'utf-16le',
    content: lines.join('\r\n'),
    notes,
  };
}
