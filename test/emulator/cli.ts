// Runs the DocuSign emulator as a process: `npx tsx test/emulator/cli.ts`.
// Environment: DS_EMULATOR_PORT (auth port), DS_EMULATOR_REGION_PORTS ("na=9101,eu=9102,..."),
// DS_EMULATOR_LOG (JSON Lines log), DS_EMULATOR_AUTO_APPROVE=1, DS_EMULATOR_AUTO_LOGIN_AS (email),
// DS_EMULATOR_EXTRA_REDIRECT_URIS (comma separated).
// Prints one JSON line {authServerUrl, regions} when ready; closes cleanly on SIGTERM/SIGINT.
import { startEmulator } from './index.ts';
import { REGION_IDS, type RegionId } from './types.ts';

function parsePort(value: string, what: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new Error(`${what}: "${value}" is not a port number.`);
  return Number(value);
}

function parseRegionPorts(value: string | undefined): Partial<Record<RegionId, number>> {
  const out: Partial<Record<RegionId, number>> = {};
  if (!value) return out;
  for (const item of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name = '', port = ''] = item.split('=').map((s) => s.trim());
    if (!(REGION_IDS as readonly string[]).includes(name)) throw new Error(`DS_EMULATOR_REGION_PORTS: unknown region "${name}".`);
    out[name as RegionId] = parsePort(port, `DS_EMULATOR_REGION_PORTS ${name}`);
  }
  return out;
}

async function main(): Promise<void> {
  const env = process.env;
  const emulator = await startEmulator({
    authPort: env.DS_EMULATOR_PORT ? parsePort(env.DS_EMULATOR_PORT, 'DS_EMULATOR_PORT') : 0,
    regionPorts: parseRegionPorts(env.DS_EMULATOR_REGION_PORTS),
    ...(env.DS_EMULATOR_LOG ? { logFile: env.DS_EMULATOR_LOG } : {}),
    autoApprove: env.DS_EMULATOR_AUTO_APPROVE === '1' || env.DS_EMULATOR_AUTO_APPROVE === 'true',
    autoLoginAs: env.DS_EMULATOR_AUTO_LOGIN_AS || null,
    extraRedirectUris: (env.DS_EMULATOR_EXTRA_REDIRECT_URIS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  });
  process.stdout.write(`${JSON.stringify({ authServerUrl: emulator.authServerUrl, regions: emulator.regions })}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`[ds-emulator] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
