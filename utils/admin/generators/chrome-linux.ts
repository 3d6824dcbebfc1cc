/**
 * Linux JSON policy file for Google Chrome (/etc/opt/chrome/policies/managed/), Chromium
 * (/etc/chromium/policies/managed/) and Microsoft Edge (/etc/opt/edge/policies/managed/):
 * the extension's policy under 3rdparty.extensions.<id>, plus ExtensionSettings force-installing it.
 */
import type { ValidatedPolicy } from '../../config/types';
import { chromiumId, chromiumUpdateUrl, policyValues, type GenerateOptions, type GeneratedFile } from './common';

export function generateChromeLinux(policy: ValidatedPolicy, options: GenerateOptions = {}): GeneratedFile {
  const id = chromiumId(options);
  const forceInstall = options.forceInstall !== false;
  const file: Record<string, unknown> = { '3rdparty': { extensions: { [id]: policyValues(policy) } } };
  const notes = [
    'Copy to /etc/opt/chrome/policies/managed/send-with-docusign.json (Google Chrome), /etc/chromium/policies/managed/ (Chromium) or /etc/opt/edge/policies/managed/ (Microsoft Edge), owned by root and not writable by others.',
    'Check chrome://policy: the extension\'s policies appear under its id.',
  ];
  if (forceInstall) {
    file.ExtensionSettings = { [id]: { installation_mode: 'force_installed', update_url: chromiumUpdateUrl(options) } };
    notes.push(
      'ExtensionSettings is one policy value: if another file in the same folder sets ExtensionSettings, Chrome uses only one of them. Merge the entry into that file instead (or generate with --no-force-install).',
    );
  }
  return {
    format: 'chrome-linux',
    fileName: 'send-with-docusign.json',
    mediaType: 'application/json',
    encoding: 'utf-8',
    content: `${JSON.stringify(file, null, 2)}\n`,
    notes,
  };
}
