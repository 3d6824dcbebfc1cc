import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { uiToBackground } from '../../utils/messaging/ui-protocol';
import type { UsageRow } from '../../utils/outbox/types';
import { t } from '../../utils/i18n';
import { useAnnounce } from '../Announcer';
import { Button, Code, Notice } from '../bits';
import {
  countedAgainst,
  countedAgainstText,
  envelopeCount,
  groupUsageByPeriod,
  periodLabel,
  siteOf,
  usageCsvFileName,
  usageHostUser,
} from '../sends/job-format';
import { onBackgroundChange } from '../ui-state';
import { Breakable } from '../sends/breakable';
import { SectionFrame } from './SectionFrame';

type GroupBy = 'day' | 'month';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The report for `groupBy`, reloaded when a job changes (the outbox only; nothing asks DocuSign). */
function useUsage(groupBy: GroupBy): { rows: UsageRow[] | null; error: string | null } {
  const [rows, setRows] = useState<UsageRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const load = useCallback(async (by: GroupBy) => {
    const mine = ++seq.current;
    for (let attempt = 0; ; attempt++) {
      try {
        const next = await uiToBackground.sendMessage('ui:usageReport', { groupBy: by });
        if (mine === seq.current) {
          setRows(next);
          setError(null);
        }
        return;
      } catch (e) {
        if (attempt >= 3) {
          if (mine === seq.current) setError(errorText(e));
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 300 * (attempt + 1)));
      }
    }
  }, []);
  useEffect(() => {
    void load(groupBy);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onBackgroundChange(() => {
      clearTimeout(timer);
      timer = setTimeout(() => void load(groupBy), 300);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [groupBy, load]);
  return { rows, error };
}

/** Saves text as a file through a temporary object URL (extension pages may download blobs). */
function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function GroupByChoice({ value, onValue }: { value: GroupBy; onValue: (v: GroupBy) => void }) {
  return (
    <fieldset class="inline-choice">
      <legend>{t('uiUsageGroupBy')}</legend>
      {(['day', 'month'] as const).map((v) => (
        <div class="radio" key={v}>
          <input type="radio" id={`usage-by-${v}`} name="usage-group-by" value={v} checked={value === v} onChange={() => onValue(v)} />
          <label for={`usage-by-${v}`}>{v === 'day' ? t('uiUsageByDay') : t('uiUsageByMonth')}</label>
        </div>
      ))}
    </fieldset>
  );
}

function CountedAgainst({ rows }: { rows: readonly UsageRow[] }) {
  const entries = countedAgainst(rows);
  return (
    <>
      <h3 id="usage-counted-title">{t('uiUsageCountedHeading')}</h3>
      <ul class="counted-against" aria-labelledby="usage-counted-title" data-testid="usage-counted">
        {entries.map((e) => (
          <li key={`${e.hostUserKey}|${e.accountId}|${e.region}`}>{countedAgainstText(e)}</li>
        ))}
      </ul>
    </>
  );
}

function UsageTable({ rows, groupBy }: { rows: readonly UsageRow[]; groupBy: GroupBy }) {
  const groups = groupUsageByPeriod(rows);
  return (
    <table class="table stack stack-md usage-table" data-testid="usage-table">
      <caption class="table-caption">{groupBy === 'day' ? t('uiUsageCaptionDay') : t('uiUsageCaptionMonth')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('uiColAccount')}</th>
          <th scope="col">{t('uiColProfile')}</th>
          <th scope="col">{t('uiColHostUser')}</th>
          <th scope="col">{t('uiColDocuSignUser')}</th>
          <th scope="col" class="num">
            {t('uiColSent')}
          </th>
          <th scope="col" class="num">
            {t('uiColDrafts')}
          </th>
          <th scope="col" class="num">
            {t('uiColTotal')}
          </th>
        </tr>
      </thead>
      {groups.map((g) => (
        <tbody key={g.period} data-period={g.period}>
          <tr class="period-row">
            <th scope="rowgroup" colSpan={7}>
              {t('uiUsagePeriodTotal', [periodLabel(g.period), envelopeCount(g.envelopes)])}
            </th>
          </tr>
          {g.rows.map((r) => (
            <tr key={`${r.baseUri}|${r.accountId}|${r.profileId}|${r.hostUserKey}|${r.docuSignUserEmail}`} data-testid="usage-row">
              <th scope="row" data-label={t('uiColAccount')}>
                <span class="block">{r.accountName || r.accountId}</span>
                <span class="muted small block">{r.region}</span>
                <span class="small block">
                  <Code>{r.accountId}</Code>
                </span>
              </th>
              <td data-label={t('uiColProfile')}>{r.profileLabel}</td>
              <td data-label={t('uiColHostUser')}>
                <span class="block">
                  <Breakable text={usageHostUser(r)} />
                </span>
                <span class="muted small block">{siteOf(r.hostOrigin)}</span>
              </td>
              <td data-label={t('uiColDocuSignUser')}>{r.docuSignUserEmail ? <Breakable text={r.docuSignUserEmail} /> : '—'}</td>
              <td data-label={t('uiColSent')} class="num">
                {r.sent}
              </td>
              <td data-label={t('uiColDrafts')} class="num">
                {r.drafts}
              </td>
              <td data-label={t('uiColTotal')} class="num strong">
                {r.envelopes}
              </td>
            </tr>
          ))}
        </tbody>
      ))}
    </table>
  );
}

/** "Usage": envelopes per period × account × profile × app user × DocuSign user; CSV export. */
export function UsageSection() {
  const announce = useAnnounce();
  const [groupBy, setGroupBy] = useState<GroupBy>('month');
  const { rows, error } = useUsage(groupBy);
  const [exporting, setExporting] = useState(false);

  const exportCsv = async () => {
    if (exporting) return;
    setExporting(true);
    try {
      const csv = await uiToBackground.sendMessage('ui:usageCsv', { groupBy });
      const fileName = usageCsvFileName(groupBy);
      downloadText(csv, fileName, 'text/csv;charset=utf-8');
      announce(t('uiUsageExported', fileName));
    } catch (e) {
      announce(t('uiUsageExportFailed', errorText(e)));
    } finally {
      setExporting(false);
    }
  };

  return (
    <SectionFrame id="usage" title={t('uiSectionUsage')} intro={t('uiUsageIntro')}>
      {error && !rows ? (
        <Notice kind="error" title={t('uiUsageLoadFailed')}>
          <p>{error}</p>
        </Notice>
      ) : rows === null ? (
        <p class="muted">{t('uiLoading')}</p>
      ) : rows.length === 0 ? (
        <p class="empty-state" data-testid="usage-empty">
          {t('uiUsageEmpty')}
        </p>
      ) : (
        <>
          <CountedAgainst rows={rows} />
          <h3>{t('uiUsageTableHeading')}</h3>
          <div class="usage-controls">
            <GroupByChoice value={groupBy} onValue={setGroupBy} />
            <div class="usage-export">
              <Button onClick={() => void exportCsv()} aria-describedby="usage-export-help" aria-disabled={exporting ? 'true' : undefined}>
                {t('uiUsageExport')}
              </Button>
              <p class="help" id="usage-export-help">
                {t('uiUsageExportHelp')}
              </p>
            </div>
          </div>
          <UsageTable rows={rows} groupBy={groupBy} />
        </>
      )}
    </SectionFrame>
  );
}
