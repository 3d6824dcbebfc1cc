import type { EffectiveConfig } from '../../utils/config/resolve';
import { SourceBadge } from '../bits';
import { fallbackSummary, matchSummary } from '../format';
import { t } from '../../utils/i18n';

/** Which routing rule applies to the current host user, in words. */
export function RoutingPanel({ config }: { config: EffectiveConfig }) {
  const routing = config.forUser;
  const profiles = config.profiles.map((p) => p.value);
  let text: string;
  if (routing.matchedRule === null) {
    text = t('uiRoutingNone');
  } else if (routing.matchedRule === 'fallback') {
    text = t('uiRoutingFallback', fallbackSummary(config.fallback?.value ?? null, profiles));
  } else {
    const rule = config.routingRules.find((r) => r.value.id === routing.matchedRule)?.value;
    // The message ends the sentence itself.
    const summary = rule ? (rule.description ?? matchSummary(rule.match)).replace(/[.!?]\s*$/, '') : '';
    text = t('uiRoutingRule', [routing.matchedRule, summary]);
  }
  return (
    <p class="routing-summary" data-testid="matched-rule">
      {text} {routing.routingSource ? <SourceBadge source={routing.routingSource} /> : null}
    </p>
  );
}
