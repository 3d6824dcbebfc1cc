import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useMemo, useState } from 'preact/hooks';
import type { ActionError } from '../../utils/messaging/ui-protocol';

/** What a profile's last sign-in attempt left to show: an error, or a note. */
export interface AttemptState {
  error: ActionError | null;
  info: string | null;
}

interface Store {
  get(profileId: string): AttemptState;
  set(profileId: string, state: AttemptState): void;
}

const EMPTY: AttemptState = { error: null, info: null };
const StoreContext = createContext<Store | null>(null);

/**
 * Keeps each profile's sign-in outcome for the life of the page, so a failed sign-in stays
 * visible next to its profile when the user moves between sections and back.
 */
export function AttemptStoreProvider({ children }: { children: ComponentChildren }) {
  const [map, setMap] = useState<Record<string, AttemptState>>({});
  const set = useCallback((id: string, state: AttemptState) => setMap((m) => ({ ...m, [id]: state })), []);
  const store = useMemo<Store>(() => ({ get: (id) => map[id] ?? EMPTY, set }), [map, set]);
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useAttempt(profileId: string): [AttemptState, (next: AttemptState) => void] {
  const store = useContext(StoreContext);
  const [local, setLocal] = useState<AttemptState>(EMPTY);
  if (!store) return [local, setLocal];
  return [store.get(profileId), (next) => store.set(profileId, next)];
}
