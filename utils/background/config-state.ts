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
  void ensureFresh();
}

/**
 * What storage.local holds, read once per worker: the policy cached at the last read (applied at
 * once, so a restarted worker never flashes unmanaged state) and the local settings.
 */
function readStored(): Promise<PolicyState | null> {
  stored ??= (async () => {
    const [cached, localConfig] = await Promise.all([getCachedPolicy(), getLocalConfig()]);
    if (cached && !policy) policy = cached;
    local ??= localConfig;
    return cached;
  })();
  return stored;
}
let stored: Promise<PolicyState | null> | null = null;

/**
 * Policy as read now from managed storage. Chromium's first storage.managed.get after the worker
 * starts can take seconds (1-3 s measured with no policy installed, longer while the browser is
 * busy): actions (sign-in, sends) wait for it.
 */
function ensureFresh(): Promise<void> {
  loading ??= (async () => {
    const cached = await readStored();
    const fresh = await readPolicy();
    policy = fresh;
    if (cached && JSON.stringify(cached.raw) !== JSON.stringify(fresh.raw)) notify();
  })();
  return loading;
}

/**
 * Policy as last known: the one cached at the last read when there is one (what a restarted
 * worker applied a moment ago), else the fresh read. For answers that only describe (labels,
 * adapters, which pages are served): a page loading while the worker starts gets them at once,
 * and a fresh policy that differs notifies (content scripts then ask again).
 */
function ensureKnown(): Promise<void> {
  const fresh = ensureFresh();
  known ??= readStored().then((cached) => (cached ? undefined : fresh));
  return known;
}
let known: Promise<void> | null = null;

/** `known` for answers that only describe, `fresh` for anything that acts. */
type Freshness = 'fresh' | 'known';
const ensure = (freshness: Freshness) => (freshness === 'known' ? ensureKnown() : ensureFresh());

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
  await ensureFresh();
  return policy!;
}

export async function getLocal(): Promise<LocalConfig> {
  await ensureFresh();
  return local!;
}

/**
 * Configuration for this host user. `known` (describing only: button labels, adapters) may use the
 * policy cached at the last read while the fresh read is under way; `fresh` (the default, for
 * anything that acts) waits for it.
 */
export async function resolveFor(hostUser: HostUser | null, freshness: Freshness = 'fresh'): Promise<EffectiveConfig> {
  await ensure(freshness);
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
export async function isServedUrl(url: string, freshness: Freshness = 'known'): Promise<boolean> {
  await ensure(freshness);
  const adapters = [...BUILTIN_ADAPTERS, ...(local?.hostAdapters ?? []), ...(policy?.policy.hostAdapters ?? [])];
  return adapters.some((a) => adapterMatchesUrl(a, url));
}

/** {@link isServedUrl} by the policy read afresh: the sender check of messages that act (sign-in, sends). */
export function isServedUrlNow(url: string): Promise<boolean> {
  return isServedUrl(url, 'fresh');
}

/** Effective adapters whose match patterns cover the URL (policy first, then local, built-in). */
export async function adaptersForUrl(url: string): Promise<HostAdapter[]> {
  const config = await resolveFor(null, 'known');
  return config.adapters.map((a) => a.value).filter((a) => adapterMatchesUrl(a, url));
}
