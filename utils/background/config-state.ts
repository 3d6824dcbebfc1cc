import {
  DEFAULT_SETTINGS,
  getCachedPolicy,
  getLocalConfig,
  getSelection,
  readPolicy,
  resolveEffectiveConfig,
  watchLocalConfig,
  watchPolicy,
  type EffectiveConfig,
  type HostAdapter,
  type HostUser,
  type IntegrationProfile,
  type LocalConfig,
  type PolicyState,
} from '../config';
import { BUILTIN_ADAPTERS } from '../host/builtin-adapters';
import { adapterMatchesUrl } from '../host/match';

/**
 * The background's view of configuration: the last applied policy (cache first, so a restarted
 * worker never flashes unmanaged state), the local settings, and resolution per host user.
 * Everything else asks here; nothing else reads managed storage.
 */
let policy: PolicyState | null = null;
let local: LocalConfig | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

/** Call synchronously at worker start: the storage listeners must exist before any await. */
export function startConfigState(): void {
  watchPolicy((next) => {
    policy = next;
    notify();
  });
  watchLocalConfig((next) => {
    local = next;
    notify();
  });
  void ensureLoaded();
}

function ensureLoaded(): Promise<void> {
  loading ??= (async () => {
    const cached = await getCachedPolicy();
    if (cached && !policy) policy = cached;
    const [fresh, localConfig] = await Promise.all([readPolicy(), getLocalConfig()]);
    policy = fresh;
    local ??= localConfig;
    if (cached && JSON.stringify(cached.raw) !== JSON.stringify(fresh.raw)) notify();
  })();
  return loading;
}

/**
 * Adopts a just-saved local configuration at once (the storage change event may arrive after
 * the options page already asked for fresh state).
 */
export function adoptLocalConfig(next: LocalConfig): void {
  local = next;
  notify();
}

export function onConfigChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function getPolicyState(): Promise<PolicyState> {
  await ensureLoaded();
  return policy!;
}

export async function getLocal(): Promise<LocalConfig> {
  await ensureLoaded();
  return local!;
}

export async function resolveFor(hostUser: HostUser | null): Promise<EffectiveConfig> {
  await ensureLoaded();
  const storedSelection = hostUser ? await getSelection(hostUser.origin, hostUser.id) : null;
  return resolveEffectiveConfig({
    defaults: { settings: { ...DEFAULT_SETTINGS }, hostAdapters: BUILTIN_ADAPTERS },
    local,
    policy: policy?.policy ?? null,
    hostUser,
    storedSelection,
  });
}

/** The effective profile with that id (policy, local), for sign-in and sending. */
export async function findEffectiveProfile(profileId: string): Promise<IntegrationProfile | undefined> {
  const config = await resolveFor(null);
  return config.profiles.find((p) => p.value.id === profileId)?.value;
}

/**
 * Is this URL served by one of the effective host adapters (built-in, local or policy)?
 * Used to check content-script senders: a page no adapter serves gets no answers.
 */
export async function isServedUrl(url: string): Promise<boolean> {
  await ensureLoaded();
  const adapters = [...BUILTIN_ADAPTERS, ...(local?.hostAdapters ?? []), ...(policy?.policy.hostAdapters ?? [])];
  return adapters.some((a) => adapterMatchesUrl(a, url));
}

/** Effective adapters whose match patterns cover the URL (policy first, then local, built-in). */
export async function adaptersForUrl(url: string): Promise<HostAdapter[]> {
  const config = await resolveFor(null);
  return config.adapters.map((a) => a.value).filter((a) => adapterMatchesUrl(a, url));
}
