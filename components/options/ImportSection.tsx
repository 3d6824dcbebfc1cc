import { useState } from 'preact/hooks';
import type { ImportResult } from '../../utils/config/validate';
import { uiToBackground } from '../../utils/messaging/ui-protocol';
import { useAnnounce } from '../Announcer';
import { Button, Notice, RejectionList, WarningList } from '../bits';
import { downloadText } from '../clipboard';
import { FieldShell } from '../Field';
import { t } from '../../utils/i18n';
import { importSummary } from './import-summary';
import { SectionFrame } from './SectionFrame';

type Outcome = { result: ImportResult & { parseError?: string }; saved: boolean };

/** "Import / export": check a configuration file entry by entry, import its valid parts, export. */
export function ImportSection({ refresh }: { refresh: () => Promise<void> }) {
  const announce = useAnnounce();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const readFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setFileName(file.name);
    setText(await file.text());
    setOutcome(null);
    announce(t('uiImportFileLoaded', file.name));
  };

  const run = async (save: boolean) => {
    setBusy(true);
    setFailure(null);
    try {
      const result = await uiToBackground.sendMessage('ui:importConfig', { text, save });
      const ok = !result.parseError;
      setOutcome({ result, saved: save && ok });
      if (result.parseError) announce(result.parseError);
      else if (save) announce(t('uiImportDone', String(result.rejected.length)));
      else announce(t('uiImportChecked', String(result.rejected.length)));
      if (save && ok) await refresh();
    } catch (error) {
      const message = `${t('uiErrorMessaging')} (${error instanceof Error ? error.message : String(error)})`;
      setFailure(message);
      announce(message);
    } finally {
      setBusy(false);
    }
  };

  const exportConfig = async () => {
    try {
      const json = await uiToBackground.sendMessage('ui:exportConfig', undefined);
      downloadText(json, 'send-with-docusign-config.json');
      announce(t('uiExportDone'));
    } catch (error) {
      announce(`${t('uiErrorMessaging')} (${error instanceof Error ? error.message : String(error)})`);
    }
  };

  const parseError = outcome?.result.parseError;
  const rejected = outcome?.result.rejected ?? [];
  const summary = outcome && !parseError ? importSummary(outcome.result.config) : [];
  return (
    <SectionFrame id="import" title={t('uiSectionImport')} intro={t('uiImportIntro')}>
      <h3>{t('uiImportHeading')}</h3>
      <div class="card form">
        <div class="field">
          <label for="import-file">{t('uiImportFile')}</label>
          <input id="import-file" type="file" accept=".json,application/json" aria-describedby="import-file-help" onChange={(e) => void readFile(e.currentTarget as HTMLInputElement)} />
          <p class="help" id="import-file-help">
            {fileName ? t('uiImportFileChosen', fileName) : t('uiImportFileHelp')}
          </p>
        </div>
        <FieldShell id="import-text" label={t('uiImportPaste')} help={t('uiImportPasteHelp')} errors={parseError ? [parseError] : undefined}>
          {(aria) => (
            <textarea
              {...aria}
              class="mono"
              rows={10}
              spellcheck={false}
              value={text}
              onInput={(e) => {
                setText((e.currentTarget as HTMLTextAreaElement).value);
                setOutcome(null);
              }}
            />
          )}
        </FieldShell>
        <p class="help" id="import-replaces">
          {t('uiImportReplaces')}
        </p>
        <div class="actions">
          <Button disabled={busy || text.trim() === ''} onClick={() => void run(false)}>
            {t('uiCheck')}
          </Button>
          <Button variant="primary" disabled={busy || text.trim() === ''} aria-describedby="import-replaces" onClick={() => void run(true)}>
            {t('uiImport')}
          </Button>
        </div>
        {failure ? <Notice kind="error">{failure}</Notice> : null}
        {outcome && !parseError ? (
          <div class="import-result" data-testid="import-result">
            {rejected.length > 0 ? (
              <Notice kind="error" title={t('uiImportRejected', String(rejected.length))}>
                <RejectionList rejected={rejected} />
              </Notice>
            ) : (
              <Notice kind="success">{t('uiImportNoProblems')}</Notice>
            )}
            {outcome.result.warnings.length > 0 ? (
              <Notice kind="warning" title={t('uiImportWarnings')}>
                <WarningList warnings={outcome.result.warnings} />
              </Notice>
            ) : null}
            <Notice kind={outcome.saved ? 'success' : 'info'} title={outcome.saved ? t('uiImportApplied') : t('uiImportWouldApply')}>
              {summary.length ? (
                <ul class="plain-list">
                  {summary.map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ul>
              ) : (
                <p>{t('uiImportNothing')}</p>
              )}
            </Notice>
          </div>
        ) : null}
      </div>
      <h3>{t('uiExportHeading')}</h3>
      <p>{t('uiExportHelp')}</p>
      <Button onClick={() => void exportConfig()}>{t('uiExport')}</Button>
    </SectionFrame>
  );
}
