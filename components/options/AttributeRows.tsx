import { useRef } from 'preact/hooks';
import { Button } from '../bits';
import { FieldErrorText, SelectField, TextField } from '../Field';
import { t } from '../../utils/i18n';
import type { FieldErrors } from '../rejections';
import type { AttributeRow } from './rule-form';

/** Host-attribute conditions of a rule ("region = EU", "country in DE, FR"), one row each. */
export function AttributeRows({
  rows,
  errors,
  onChange,
}: {
  rows: readonly AttributeRow[];
  errors: FieldErrors | null;
  onChange: (rows: AttributeRow[]) => void;
}) {
  const listRef = useRef<HTMLDivElement>(null);
  const update = (i: number, patch: Partial<AttributeRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset>
      <legend>{t('uiAttributesLegend')}</legend>
      <p class="help">{t('uiAttributesHelp')}</p>
      <div ref={listRef}>
        {rows.map((row, i) => {
          const nameErrors = [...(errors?.[`attributes[${i}]`] ?? []), ...(errors?.[`attributes[${i}].name`] ?? [])];
          const valueErrors = errors?.[`attributes[${i}].value`];
          const n = String(i + 1);
          return (
            <div class="attr-row" key={i} role="group" aria-label={t('uiAttributeGroup', n)}>
              <TextField id={`rf-attr-${i}-name`} label={t('uiAttributeName', n)} errors={nameErrors.length ? nameErrors : undefined} value={row.name} onValue={(v) => update(i, { name: v })} />
              <SelectField
                id={`rf-attr-${i}-op`}
                label={t('uiAttributeOp', n)}
                value={row.op}
                options={[
                  { value: 'equals', label: t('uiAttributeEquals') },
                  { value: 'in', label: t('uiAttributeIn') },
                ]}
                onValue={(v) => update(i, { op: v as AttributeRow['op'] })}
              />
              <TextField
                id={`rf-attr-${i}-value`}
                label={row.op === 'in' ? t('uiAttributeValues', n) : t('uiAttributeValue', n)}
                errors={valueErrors}
                value={row.value}
                onValue={(v) => update(i, { value: v })}
              />
              <Button
                class="attr-remove"
                onClick={() => {
                  onChange(rows.filter((_, j) => j !== i));
                  setTimeout(() => listRef.current?.parentElement?.querySelector<HTMLElement>('.attr-add')?.focus(), 0);
                }}
              >
                {t('uiAttributeRemove', n)}
              </Button>
            </div>
          );
        })}
      </div>
      {errors?.attributes?.length ? <FieldErrorText id="rf-attrs-error" errors={errors.attributes} /> : null}
      <Button
        class="attr-add"
        onClick={() => {
          onChange([...rows, { name: '', op: 'equals', value: '' }]);
          setTimeout(() => document.getElementById(`rf-attr-${rows.length}-name`)?.focus(), 0);
        }}
      >
        {t('uiAttributeAdd')}
      </Button>
    </fieldset>
  );
}
