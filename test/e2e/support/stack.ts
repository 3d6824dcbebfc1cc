import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index';
import { startHostApp } from '../../host-app/index';

export type HostApp = Awaited<ReturnType<typeof startHostApp>>;

export interface Stack {
  emulator: Emulator;
  host: HostApp;
  close(): Promise<void>;
}

/** The DocuSign emulator and the demo host app, both on 127.0.0.1 with random ports. */
export async function startStack(options: EmulatorOptions = {}): Promise<Stack> {
  const emulator = await startEmulator({ autoApprove: true, ...options });
  const host = await startHostApp();
  return {
    emulator,
    host,
    async close() {
      await Promise.all([host.close(), emulator.close()]);
    },
  };
}

const EXAMPLE_POLICY_FILE = path.resolve(import.meta.dirname, '../../fixtures/policy/example-policy.json');

/**
 * The README's example policy (Acme EU / CA / NA sharing one integration key), pointed at the
 * emulator instead of DocuSign's demo environment: http on loopback is allowed for this.
 */
export function examplePolicyFor(emulator: Emulator): Record<string, unknown> & { profiles: Array<Record<string, unknown>> } {
  const policy = JSON.parse(readFileSync(EXAMPLE_POLICY_FILE, 'utf8')) as Record<string, unknown> & {
    profiles: Array<Record<string, unknown>>;
  };
  for (const profile of policy.profiles) profile.environment = emulator.authServerUrl;
  return policy;
}
