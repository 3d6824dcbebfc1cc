/**
 * macOS configuration profile (.mobileconfig, XML property list) for Google Chrome and Microsoft Edge:
 * - PayloadType com.google.Chrome.extensions.<id> / com.microsoft.Edge.extensions.<id>: the
 *   extension's policy (on macOS, Chrome reads extension policy from the managed preference domain
 *   named after the extension, not from a "3rdparty" key);
 * - PayloadType com.google.Chrome / com.microsoft.Edge: ExtensionSettings force-installing it.
 * Deploy it with an MDM (or double-click for a test machine). Payload UUIDs are derived from the
 * identifiers, so a regenerated profile replaces the installed one.
 */
import type { ValidatedPolicy } from '../../config/types';
import { chromiumId, chromiumUpdateUrl, nameBasedUuid, policyValues, type GenerateOptions, type GeneratedFile } from './common';

function escapeXml(text: string): string {
  // XML 1.0 cannot carry most control characters, not even escaped.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(text)) throw new Error('A value contains a control character a property list cannot hold.');
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Serialises a JSON value as plist XML, indented by `depth` tabs. */
export function plistValue(value: unknown, depth: number): string {
  const pad = '\t'.repeat(depth);
  if (value === null || value === undefined) throw new Error('A property list cannot hold null.');
  if (typeof value === 'boolean') return `${pad}<${value ? 'true' : 'false'}/>`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('A property list cannot hold NaN or Infinity.');
    return Number.isInteger(value) ? `${pad}<integer>${value}</integer>` : `${pad}<real>${value}</real>`;
  }
  if (typeof value === 'string') return `${pad}<string>${escapeXml(value)}</string>`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${pad}<array/>`;
    return [`${pad}<array>`, ...value.map((v) => plistValue(v, depth + 1)), `${pad}</array>`].join('\n');
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return `${pad}<dict/>`;
    const inner = entries.flatMap(([k, v]) => [`${pad}\t<key>${escapeXml(k)}</key>`, plistValue(v, depth + 1)]);
    return [`${pad}<dict>`, ...inner, `${pad}</dict>`].join('\n');
  }
  throw new Error(`A property list cannot hold a ${typeof value}.`);
}

export function generateMacosMobileconfig(policy: ValidatedPolicy, options: GenerateOptions = {}): GeneratedFile {
  const id = chromiumId(options);
  const prefix = options.payloadIdentifier ?? 'send-with-docusign';
  const org = options.organization;
  const forceInstall = options.forceInstall !== false;

  const browsers = [
    { name: 'Google Chrome', domain: 'com.google.Chrome', key: 'chrome' },
    { name: 'Microsoft Edge', domain: 'com.microsoft.Edge', key: 'edge' },
  ] as const;
  const payloads: Record<string, unknown>[] = [];
  for (const b of browsers) {
    payloads.push({
      PayloadDisplayName: `Send with DocuSign: extension policy (${b.name})`,
      PayloadIdentifier: `${prefix}.${b.key}.extension-policy`,
      PayloadType: `${b.domain}.extensions.${id}`,
      PayloadUUID: nameBasedUuid(`${prefix}.${b.key}.extension-policy:${id}`),
      PayloadVersion: 1,
      ...policyValues(policy),
    });
  }
  if (forceInstall) {
    const updateUrl = chromiumUpdateUrl(options);
    for (const b of browsers) {
      payloads.push({
        PayloadDisplayName: `Send with DocuSign: install in ${b.name}`,
        PayloadIdentifier: `${prefix}.${b.key}.force-install`,
        PayloadType: b.domain,
        PayloadUUID: nameBasedUuid(`${prefix}.${b.key}.force-install:${id}`),
        PayloadVersion: 1,
        ExtensionSettings: { [id]: { installation_mode: 'force_installed', update_url: updateUrl } },
      });
    }
  }
  const profile: Record<string, unknown> = {
    PayloadContent: payloads,
    PayloadDescription: 'Configures the Send with DocuSign extension: integration profiles, routing rules and settings.',
    PayloadDisplayName: 'Send with DocuSign',
    PayloadIdentifier: prefix,
    ...(org ? { PayloadOrganization: org } : {}),
    PayloadRemovalDisallowed: false,
    PayloadScope: 'System',
    PayloadType: 'Configuration',
    PayloadUUID: nameBasedUuid(`${prefix}:${id}`),
    PayloadVersion: 1,
  };
  const content = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    plistValue(profile, 0),
    '</plist>',
    '',
  ].join('\n');
  const notes = [
    'Deploy with your MDM as a custom configuration profile (or open it on a test Mac: System Settings > Privacy & Security > Profiles). Then check chrome://policy and edge://policy.',
  ];
  if (forceInstall) {
    notes.push(
      'The com.google.Chrome and com.microsoft.Edge payloads set ExtensionSettings. If another profile already sets ExtensionSettings for that browser, macOS applies only one of them: merge the entry there instead (or generate with --no-force-install).',
    );
  }
  return {
    format: 'macos-mobileconfig',
    fileName: 'send-with-docusign.mobileconfig',
    mediaType: 'application/x-apple-aspen-config',
    encoding: 'utf-8',
    content,
    notes,
  };
}
