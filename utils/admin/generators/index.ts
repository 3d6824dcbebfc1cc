/**
 * Policy file generators. `generatePolicyFile` validates first (the same validator the extension
 * uses) and refuses a policy with rejected entries.
 */
import type { LintWarning, Rejection, ValidatedPolicy } from '../../config/types';
import { validatePolicy } from '../../config/validate';
import { generateChromeLinux } from './chrome-linux';
import type { GenerateOptions, GeneratedFile, PolicyFormat } from './common';
import { generateFirefox } from './firefox';
import { generateGoogleAdmin } from './google-admin';
import { generateMacosMobileconfig } from './macos-mobileconfig';
import { generateWindowsReg } from './windows-reg';

export * from './common';
export { generateChromeLinux, generateFirefox, generateGoogleAdmin, generateMacosMobileconfig, generateWindowsReg };

export const GENERATORS: Record<PolicyFormat, (policy: ValidatedPolicy, options?: GenerateOptions) => GeneratedFile> = {
  'chrome-linux': generateChromeLinux,
  'windows-reg': generateWindowsReg,
  'macos-mobileconfig': generateMacosMobileconfig,
  'google-admin': generateGoogleAdmin,
  firefox: generateFirefox,
};

export type GenerateResult =
  | { ok: true; file: GeneratedFile; warnings: LintWarning[] }
  | { ok: false; rejected: Rejection[]; warnings: LintWarning[] };

/** Validates `raw` (the policy object) and writes it in `format`; refuses invalid policies. */
export function generatePolicyFile(raw: unknown, format: PolicyFormat, options: GenerateOptions = {}): GenerateResult {
  const { policy, rejected, warnings } = validatePolicy(raw);
  if (rejected.length > 0) return { ok: false, rejected, warnings };
  return { ok: true, file: GENERATORS[format](policy, options), warnings };
}
