/**
 * Google Admin console (Chrome Browser Cloud Management / ChromeOS): the JSON pasted into (or
 * uploaded as) "Policy for extensions" of the extension: every policy wrapped as {"Value": ...}.
 * Force-installing is done in the console itself (Apps & extensions > Users & browsers).
 */
import type { ValidatedPolicy } from '../../config/types';
import { chromiumId, policyValues, type GenerateOptions, type GeneratedFile } from './common';

export function generateGoogleAdmin(policy: ValidatedPolicy, options: GenerateOptions = {}): GeneratedFile {
  const id = chromiumId(options);
  const wrapped = Object.fromEntries(Object.entries(policyValues(policy)).map(([k, v]) => [k, { Value: v }]));
  return {
    format: 'google-admin',
    fileName: 'send-with-docusign.google-admin.json',
    mediaType: 'application/json',
    encoding: 'utf-8',
    content: `${JSON.stringify(wrapped, null, 2)}\n`,
    notes: [
      `Google Admin console > Devices > Chrome > Apps & extensions > Users & browsers: add the extension by id (${id}), set it to "Force install", and paste this file into "Policy for extensions".`,
      'This format has no force-install entry: the installation mode is set in the console.',
    ],
  };
}
