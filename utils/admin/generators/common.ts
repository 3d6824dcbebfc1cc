/**
 * Shared pieces of the policy file generators. Generators are pure functions of a validated policy
 * (no file system, no clock, no randomness), so the CLI, tests and the options page can use them.
 */
import { CHROMIUM_EXTENSION_ID } from '../../extension-identity';
import { isLoopbackHost } from '../../config/checks';
import type { ValidatedPolicy } from '../../config/types';

export const FIREFOX_EXTENSION_ID = 'send-with-docusign@example.com';
export { CHROMIUM_EXTENSION_ID };

/** Chrome Web Store update URL (also what Edge uses for extensions from the Chrome Web Store). */
export const CHROME_WEB_STORE_UPDATE_URL = 'https://clients2.google.com/service/update2/crx';

export const POLICY_FORMATS = ['chrome-linux', 'windows-reg', 'macos-mobileconfig', 'google-admin', 'firefox'] as const;
export type PolicyFormat = (typeof POLICY_FORMATS)[number];

export interface GenerateOptions {
  /** Chromium extension id (default: the fixed id) or, for firefox, the gecko id. */
  extensionId?: string;
  /**
   * Chromium formats: update URL for force-installing (default: Chrome Web Store).
   * firefox: the install URL of the .xpi (no default: without it, no force-install entry).
   */
  updateUrl?: string;
  /** Write the force-install entry where the format has one (default true). */
  forceInstall?: boolean;
  /** windows-reg: the value name under ExtensionInstallForcelist (default 1). */
  forcelistIndex?: number;
  /** macos-mobileconfig: PayloadIdentifier prefix (default "send-with-docusign"). */
  payloadIdentifier?: string;
  /** macos-mobileconfig: PayloadOrganization. */
  organization?: string;
}

export interface GeneratedFile {
  format: PolicyFormat;
  /** Suggested file name. */
  fileName: string;
  mediaType: string;
  /** How `content` must be written: .reg files are UTF-16LE with a byte order mark. */
  encoding: 'utf-8' | 'utf-16le';
  content: string;
  /** What the administrator must know to deploy it (printed by the CLI). */
  notes: string[];
}

export function isChromiumExtensionId(id: string): boolean {
  return /^[a-p]{32}$/.test(id);
}

export function isGeckoId(id: string): boolean {
  return /^[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+$/.test(id) || /^\{[0-9a-fA-F-]{36}\}$/.test(id);
}

/** https, or http on a loopback host (a local update server for tests). */
export function updateUrlProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `"${url}" is not a URL.`;
  }
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:' && isLoopbackHost(u.hostname)) return null;
  return `"${url}" must use https.`;
}

export function chromiumId(options: GenerateOptions): string {
  const id = options.extensionId ?? CHROMIUM_EXTENSION_ID;
  if (!isChromiumExtensionId(id)) throw new Error(`"${id}" is not a Chromium extension id (32 letters a-p).`);
  return id;
}

export function chromiumUpdateUrl(options: GenerateOptions): string {
  const url = options.updateUrl ?? CHROME_WEB_STORE_UPDATE_URL;
  const problem = updateUrlProblem(url);
  if (problem) throw new Error(`Update URL ${problem}`);
  return url;
}

/** The policy as plain JSON values, keys in schema order. */
export function policyValues(policy: ValidatedPolicy): Record<string, unknown> {
  return JSON.parse(JSON.stringify(policy)) as Record<string, unknown>;
}

export function toBytes(file: GeneratedFile): Uint8Array {
  if (file.encoding === 'utf-8') return new TextEncoder().encode(file.content);
  const out = new Uint8Array(2 + file.content.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < file.content.length; i++) {
    const code = file.content.charCodeAt(i);
    out[2 + i * 2] = code & 0xff;
    out[3 + i * 2] = code >> 8;
  }
  return out;
}

/**
 * A stable UUID derived from a name (not random: regenerating a configuration profile keeps its
 * PayloadUUID, so macOS updates the installed profile instead of adding a second one).
 */
export function nameBasedUuid(name: string): string {
  const words: number[] = [];
  for (let seed = 0; seed < 4; seed++) {
    let h = (0x811c9dc5 ^ (seed * 0x9e3779b9)) >>> 0;
    for (let i = 0; i < name.length; i++) {
      h ^= name.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d) >>> 0;
    h ^= h >>> 12;
    words.push(h >>> 0);
  }
  const hex = words.map((w) => w.toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`.toUpperCase();
}
