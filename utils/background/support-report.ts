import type { UiState } from '../messaging/ui-protocol';

/**
 * The support report users copy from Diagnostics. Built from the UI snapshot, which never holds
 * tokens; it lists facts an admin needs (versions, policy status and rejections, effective
 * configuration with sources, session states, selector health). No tokens, no document data.
 */
export function buildSupportReport(state: UiState, now = Date.now()): string {
  const report = {
    generatedAt: new Date(now).toISOString(),
    extension: state.info,
    policy: state.policy,
    effective: {
      managed: state.config.managed,
      profiles: state.config.profiles.map((p) => ({ ...p.value, source: p.source, locked: p.locked })),
      routingRules: state.config.routingRules.map((r) => ({ ...r.value, source: r.source, locked: r.locked })),
      fallback: state.config.fallback,
      hostAdapters: state.config.adapters.map((a) => ({ id: a.value.id, label: a.value.label, matches: a.value.matches, source: a.source })),
      settings: state.config.settings,
      ignoredLocalEntries: state.config.ignored,
    },
    currentHostUser: state.currentHostUser
      ? { origin: state.currentHostUser.hostUser.origin, id: state.currentHostUser.hostUser.id, attributes: state.currentHostUser.hostUser.attributes }
      : null,
    routing: {
      matchedRule: state.config.forUser.matchedRule,
      allowed: state.config.forUser.allowed.map((p) => p.id),
      selected: state.config.forUser.selectedProfileId,
      selectionSource: state.config.forUser.selectionSource,
      denied: state.config.forUser.denied ?? null,
    },
    sessions: state.sessions.map((s) => ({
      profileId: s.profileId,
      state: s.state,
      reasonCode: s.reasonCode ?? null,
      docusignUser: s.user?.email ?? null,
      account: s.account ?? null,
      environment: s.environment ?? null,
      expiresAt: s.expiresAt ? new Date(s.expiresAt).toISOString() : null,
    })),
    selectorHealth: state.selectorHealth,
  };
  return JSON.stringify(report, null, 2);
}
