import { useState } from 'preact/hooks';
import type { LocalConfig } from '../../utils/config/types';
import { useAnnounce } from '../Announcer';
import { Button, Notice, RejectionList } from '../bits';
import { FieldShell } from '../Field';
import { t } from '../../utils/i18n';
import { adaptersToJson, checkAdapterJson } from './adapter-json';
import { saveLocal } from './save';

/** The user's own host adapters as JSON, checked with the shared validator before saving. */
export function AdapterEditor({ local, onSaved }: { local: LocalConfig; onSaved: () => void }) {
  const announce = useAnnounce();
  const [text, setText] = useState(() => adaptersToJson(local.hostAdapters));
  const [check, setCheck] = useState<ReturnType<typeof checkAdapterJson> | null>(null);
  const [saved, setSaved] = useState(false);
  const errors = check ? [...(check.parseError ? [check.parseError] : [])] : [];
  const invalid = Boolean(check && (check.parseError || check.rejected.length > 0));

  const run = (save: boolean) => async () => {
    setSaved(false);
    const result = checkAdapterJson(text, local);
    setCheck(result);
    if (result.parseError || result.rejected.length > 0) {
      announce(t('uiAdaptersInvalid', String(result.rejected.length + (result.parseError ? 1 : 0))));
      document.getElementById('adapters-json')?.focus();
      return;
    }
    if (!save || !result.config) {
      announce(t('uiAdaptersValid', String(result.adapters.length)));
      return;
    }
    const out = await saveLocal(result.config);
    if (!out.ok) {
      announce(out.message);
      return;
    }
    setSaved(true);
    setText(adaptersToJson(out.result.config.hostAdapters));
    announce(t('uiAdaptersSaved', String(out.result.config.hostAdapters.length)));
    onSaved();
  };

  return (
    <div class="card form" data-testid="adapter-editor">
      <FieldShell id="adapters-json" label={t('uiAdaptersJsonLabel')} help={t('uiAdaptersJsonHelp')} errors={invalid ? [...errors, ...(check?.rejected.length ? [t('uiAdaptersSeeList')] : [])] : undefined}>
        {(aria) => (
          <textarea
            {...aria}
            aria-describedby={[aria['aria-describedby'], invalid && check?.rejected.length ? 'adapters-rejections' : ''].filter(Boolean).join(' ') || undefined}
            class="mono"
            rows={Math.max(6, Math.min(20, text.split("\n").length + 1))}
            spellcheck={false}
            value={text}
            onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
          />
        )}
      </FieldShell>
      {check && check.rejected.length > 0 ? (
        <Notice kind="error" title={t('uiAdaptersProblems')}>
          <RejectionList id="adapters-rejections" rejected={check.rejected} />
        </Notice>
      ) : null}
      {saved ? <Notice kind="success">{t('uiAdaptersSavedNotice')}</Notice> : null}
      <div class="actions">
        <Button onClick={() => void run(false)()}>{t('uiCheck')}</Button>
        <Button variant="primary" onClick={() => void run(true)()}>
          {t('uiSaveAdapters')}
        </Button>
      </div>
    </div>
  );
}
