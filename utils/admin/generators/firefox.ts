/**
 * Firefox policies.json: {"policies": {"3rdparty": {"Extensions": {"<gecko id>": policy}},
 * "ExtensionSettings": {"<gecko id>": {"installation_mode": "force_installed", "install_url": ...}}}}.
 * Firefox does not validate extension policy against a schema: the extension's own validation is
 * the only check (so lint the file before deploying it).
 */
import type { ValidatedPolicy } from '../../config/types';
import { FIREFOX_EXTENSION_ID, isGeckoId, policyValues, updateUrlProblem, type GenerateOptions, type GeneratedFile } from './common';

export function generateFirefox(policy: ValidatedPolicy, options: GenerateOptions = {}): GeneratedFile {
  const id = options.extensionId ?? FIREFOX_EXTENSION_ID;
  if (!isGeckoId(id)) throw new Error(`"${id}" is not a Firefox add-on id (e.g. ${FIREFOX_EXTENSION_ID}).`);
  const policies: Record<string, unknown> = { '3rdparty': { Extensions: { [id]: policyValues(policy) } } };
  const notes = [
    'Copy to the "distribution" folder next to the Firefox binary (e.g. /usr/lib/firefox-esr/distribution/policies.json, C:\\Program Files\\Mozilla Firefox\\distribution\\policies.json) or to /etc/firefox/policies/policies.json on Linux; if a policies.json exists, merge the "3rdparty" and "ExtensionSettings" entries into it. Check about:policies.',
  ];
  if (options.forceInstall !== false) {
    if (options.updateUrl) {
      const problem = updateUrlProblem(options.updateUrl);
      if (problem) throw new Error(`Install URL ${problem}`);
      policies.ExtensionSettings = { [id]: { installation_mode: 'force_installed', install_url: options.updateUrl } };
    } else {
      notes.push('No force-install entry: pass --update-url <URL of the signed .xpi> to add ExtensionSettings with installation_mode "force_installed".');
    }
  }
  return {
    format: 'firefox',
    fileName: 'policies.json',
    mediaType: 'application/json',
    encoding: 'utf-8',
    content: `${JSON.stringify({ policies }, null, 2)}\n`,
    notes,
  };
}
