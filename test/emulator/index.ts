// DocuSign emulator: a local stand-in for DocuSign's authorization server (account-d.docusign.com)
// and its regional eSignature REST servers, following /work/shared/docusign/FACTS.md.
// See README.md for what is emulated and the choices made where DocuSign's behaviour is unconfirmed.
import { createControl } from './control.ts';
import { buildSeed, findUserByEmail, type Seed } from './seed.ts';
import { startServer, type RunningServer } from './server.ts';
import { EmulatorState } from './state.ts';
import { REGION_IDS, type EmulatorControl, type EmulatorOptions, type RegionId } from './types.ts';

export type {
  AccountUsageReport,
  ConfigPatch,
  EmulatorConfig,
  EmulatorControl,
  EmulatorOptions,
  EmulatorStateSummary,
  EnvelopeReport,
  FaultRoute,
  FaultSpec,
  Limits,
  RegionId,
  UserinfoUsageReport,
} from './types.ts';
export { DEFAULT_LIMITS, REGION_IDS } from './types.ts';
export { SEED, SEED_PASSWORD, CHROME_REDIRECT_URI, FIREFOX_REDIRECT_URI, OTHER_REDIRECT_URI } from './seed.ts';
export type { Seed, SeedAccount, SeedUser, SeedIntegrationKey } from './seed.ts';
export type { LogEntry } from './log.ts';
export { MAX_DOCUMENT_BYTES, MAX_REQUEST_BYTES, MAX_RECIPIENTS, SUPPORTED_FILE_EXTENSIONS } from './validation.ts';

export interface Emulator {
  /** 'http://127.0.0.1:PORT': the "account-d.docusign.com" stand-in (OAuth + control API). */
  authServerUrl: string;
  /** base_uri per region, e.g. 'http://127.0.0.1:PORT2' (no path); REST base = base_uri + '/restapi/v2.1'. */
  regions: Record<RegionId, string>;
  /** The seed data in use (extra redirect URIs included; users' passwords included). */
  seed: Seed;
  control: EmulatorControl;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seed = buildSeed(options.extraRedirectUris ?? []);
  if (options.autoLoginAs && !findUserByEmail(seed, options.autoLoginAs)) {
    throw new Error(`autoLoginAs: no seed user has the email "${options.autoLoginAs}".`);
  }
  const state = new EmulatorState(seed, options);
  if (state.config.autoLoginAs) state.config.autoLoginAs = findUserByEmail(seed, state.config.autoLoginAs)!.email;
  const control = createControl(state);
  const started: RunningServer[] = [];
  const closeAll = async (): Promise<void> => {
    await Promise.all(started.map((s) => s.close()));
  };
  try {
    const auth = await startServer(state, control, null, options.authPort ?? 0);
    started.push(auth);
    state.authPort = auth.port;
    state.authServerUrl = auth.url;
    for (const region of REGION_IDS) {
      const server = await startServer(state, control, region, options.regionPorts?.[region] ?? 0);
      started.push(server);
      state.regions[region] = server.url;
    }
  } catch (err) {
    await closeAll();
    throw err;
  }
  let closed: Promise<void> | null = null;
  return {
    authServerUrl: state.authServerUrl,
    regions: { ...state.regions },
    seed,
    control,
    close: () => (closed ??= closeAll()),
  };
}
