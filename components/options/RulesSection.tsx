import { useState } from 'preact/hooks';
import type { Rejection } from '../../utils/config/types';
import type { UiState } from '../../utils/messaging/ui-protocol';
import { useAnnounce } from '../Announcer';
import { Button, ManagedNote, Notice, RejectionList, SourceBadge, PolicyRejectedNote } from '../bits';
import { useFocusRequest } from '../focus';
import { fallbackSummary } from '../format';
import { t } from '../../utils/i18n';
import { rejectionsUnder } from '../rejections';
import { FallbackForm } from './FallbackForm';
import { IgnoredList } from './IgnoredList';
import { moveRule } from './rule-form';
import { RuleForm } from './RuleForm';
import { RuleItem } from './RuleItem';
import { saveLocal } from './save';
import { SectionFrame } from './SectionFrame';

type Form = { kind: 'rule'; index: number | null } | { kind: 'fallback' } | null;

/** "Routing rules": the ordered rules and the fallback; the user's own are editable when not managed. */
export function RulesSection({ state, refresh }: { state: UiState; refresh: () => Promise<void> }) {
  const announce = useAnnounce();
  const { config, local } = state;
  const editable = !config.routingManaged;
  const profiles = config.profiles.map((p) => p.value);
  const [form, setForm] = useState<Form>(null);
  const [problems, setProblems] = useState<Rejection[]>([]);
  const setFocusTarget = useFocusRequest();

  const save = async (next: typeof local, message: string) => {
    const saved = await saveLocal(next);
    if (!saved.ok) {
      announce(saved.message);
      return false;
    }
    setProblems(saved.result.rejected);
    announce(message);
    await refresh();
    return true;
  };

  const move = async (index: number, delta: -1 | 1) => {
    const rule = local.routingRules[index];
    if (!rule) return;
    await save({ ...local, routingRules: moveRule(local.routingRules, index, delta) }, t('uiRuleMoved', [rule.id, String(index + 1 + delta)]));
    const at = index + delta;
    setFocusTarget(
      `[data-move="${delta < 0 ? 'up' : 'down'}"][data-rule-id="${CSS.escape(rule.id)}"]`,
      () => document.querySelectorAll<HTMLElement>('ol.rule-list > li')[at]?.dataset.rule === rule.id,
    );
  };

  const remove = async (index: number) => {
    const rule = local.routingRules[index];
    await save({ ...local, routingRules: local.routingRules.filter((_, i) => i !== index) }, t('uiRuleDeleted', rule?.id ?? ''));
    setFocusTarget('#add-rule');
  };

  const fb = config.fallback;
  return (
    <SectionFrame id="rules" title={t('uiSectionRules')} intro={t('uiRulesIntro')}>
      <PolicyRejectedNote count={rejectionsUnder(state.policy.rejected, 'routingRules').length + rejectionsUnder(state.policy.rejected, 'fallback').length} />
      {config.routingManaged ? (
        <Notice kind="info">
          <ManagedNote />
          <p>{t('uiRulesManaged')}</p>
        </Notice>
      ) : null}
      {config.routingRules.length === 0 ? <p class="muted">{config.fallback ? t('uiNoRules') : t('uiNoRouting')}</p> : null}
      <ol class="cards plain-list rule-list" aria-label={t('uiSectionRules')}>
        {config.routingRules.map((entry, i) => (
          <RuleItem
            key={entry.value.id}
            entry={entry}
            position={i + 1}
            count={config.routingRules.length}
            profiles={profiles}
            editable={editable && entry.source === 'local'}
            onEdit={() => {
              setFocusTarget(null);
              setForm({ kind: 'rule', index: local.routingRules.findIndex((r) => r.id === entry.value.id) });
            }}
            onDelete={() => void remove(local.routingRules.findIndex((r) => r.id === entry.value.id))}
            onMove={(delta) => void move(local.routingRules.findIndex((r) => r.id === entry.value.id), delta)}
          />
        ))}
      </ol>
      <h3>{t('uiFallbackHeading')}</h3>
      <p data-testid="fallback-summary">
        {fallbackSummary(fb?.value ?? null, profiles)} {fb ? <SourceBadge source={fb.source} /> : null}
      </p>
      <IgnoredList entries={config.ignored.filter((e) => e.kind === 'rule' || e.kind === 'fallback')} />
      {problems.length > 0 ? (
        <Notice kind="warning" title={t('uiSaveConsequences')}>
          <RejectionList rejected={problems} />
        </Notice>
      ) : null}
      {editable ? (
        form?.kind === 'rule' ? (
          <RuleForm
            key={form.index ?? 'new'}
            local={local}
            index={form.index}
            available={profiles}
            onDone={(saved) => {
              const id = form.index !== null ? local.routingRules[form.index]?.id : undefined;
              setForm(null);
              setFocusTarget(id ? `[data-edit-rule="${CSS.escape(id)}"]` : '#add-rule');
              if (saved) void refresh();
            }}
          />
        ) : form?.kind === 'fallback' ? (
          <FallbackForm
            local={local}
            available={profiles}
            onDone={(saved) => {
              setForm(null);
              setFocusTarget('#edit-fallback');
              if (saved) void refresh();
            }}
          />
        ) : (
          <div class="actions">
            <Button id="add-rule" variant="primary" onClick={() => { setFocusTarget(null); setForm({ kind: 'rule', index: null }); }}>
              {t('uiAddRule')}
            </Button>
            <Button id="edit-fallback" onClick={() => { setFocusTarget(null); setForm({ kind: 'fallback' }); }}>
              {t('uiEditFallback')}
            </Button>
          </div>
        )
      ) : null}
    </SectionFrame>
  );
}
