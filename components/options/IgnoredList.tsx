import type { IgnoredEntry } from '../../utils/config/resolve';
import { Code, Notice } from '../bits';
import { t } from '../../utils/i18n';

/** Local entries that do not apply, with the reason. */
export function IgnoredList({ entries, action }: { entries: readonly IgnoredEntry[]; action?: (entry: IgnoredEntry) => preact.ComponentChildren }) {
  if (entries.length === 0) return null;
  return (
    <Notice kind="warning" title={t('uiIgnoredTitle')} testId="ignored">
      <ul class="plain-list">
        {entries.map((e) => (
          <li key={`${e.kind}:${e.id}`}>
            <Code>{e.id}</Code>: {e.reason} {action ? action(e) : null}
          </li>
        ))}
      </ul>
    </Notice>
  );
}
