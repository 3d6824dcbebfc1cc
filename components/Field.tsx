import type { ComponentChildren, InputHTMLAttributes } from 'preact';
import { t } from '../utils/i18n';

export interface ControlAria {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: 'true';
}

interface ShellProps {
  id: string;
  label: string;
  help?: string;
  errors?: readonly string[] | undefined;
  optional?: boolean;
  children: (aria: ControlAria) => ComponentChildren;
}

/** Label, help text and inline errors around one control, tied with aria-describedby. */
export function FieldShell({ id, label, help, errors, optional, children }: ShellProps) {
  const helpId = help ? `${id}-help` : undefined;
  const errorId = errors && errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [errorId, helpId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${errorId ? ' field-invalid' : ''}`}>
      <label for={id}>
        {label}
        {optional ? <span class="optional"> {t('uiOptional')}</span> : null}
      </label>
      {children({ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(errorId ? { 'aria-invalid': 'true' } : {}) })}
      {errorId ? <FieldErrorText id={errorId} errors={errors ?? []} /> : null}
      {help ? (
        <p class="help" id={helpId}>
          {help}
        </p>
      ) : null}
    </div>
  );
}

export function FieldErrorText({ id, errors }: { id: string; errors: readonly string[] }) {
  return (
    <div class="field-error" id={id}>
      {errors.map((e, i) => (
        <p key={i}>
          <span class="visually-hidden">{t('uiErrorPrefix')} </span>
          {e}
        </p>
      ))}
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onInput' | 'label'>;

export function TextField(
  props: {
    id: string;
    label: string;
    help?: string;
    errors?: readonly string[] | undefined;
    optional?: boolean;
    value: string;
    onValue: (value: string) => void;
  } & InputProps,
) {
  const { id, label, help, errors, optional, value, onValue, ...rest } = props;
  return (
    <FieldShell id={id} label={label} help={help} errors={errors} optional={optional}>
      {(aria) => (
        <input
          type="text"
          spellcheck={false}
          {...rest}
          {...aria}
          value={value}
          onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)}
        />
      )}
    </FieldShell>
  );
}

export function TextAreaField(props: {
  id: string;
  label: string;
  help?: string;
  errors?: readonly string[] | undefined;
  optional?: boolean;
  value: string;
  rows?: number;
  mono?: boolean;
  onValue: (value: string) => void;
}) {
  const { id, label, help, errors, optional, value, rows, mono, onValue } = props;
  return (
    <FieldShell id={id} label={label} help={help} errors={errors} optional={optional}>
      {(aria) => (
        <textarea
          {...aria}
          class={mono ? 'mono' : undefined}
          rows={rows ?? 3}
          spellcheck={false}
          value={value}
          onInput={(e) => onValue((e.currentTarget as HTMLTextAreaElement).value)}
        />
      )}
    </FieldShell>
  );
}

export function SelectField(props: {
  id: string;
  label: string;
  help?: string;
  errors?: readonly string[] | undefined;
  value: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  disabled?: boolean;
  onValue: (value: string) => void;
}) {
  const { id, label, help, errors, value, options, disabled, onValue } = props;
  return (
    <FieldShell id={id} label={label} help={help} errors={errors}>
      {(aria) => (
        <select {...aria} value={value} disabled={disabled} onChange={(e) => onValue((e.currentTarget as HTMLSelectElement).value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

export function CheckboxField(props: {
  id: string;
  label: string;
  help?: string;
  checked: boolean;
  disabled?: boolean;
  onValue: (checked: boolean) => void;
}) {
  const { id, label, help, checked, disabled, onValue } = props;
  const helpId = help ? `${id}-help` : undefined;
  return (
    <div class="field field-check">
      <input
        type="checkbox"
        id={id}
        checked={checked}
        disabled={disabled}
        aria-describedby={helpId}
        onChange={(e) => onValue((e.currentTarget as HTMLInputElement).checked)}
      />
      <label for={id}>{label}</label>
      {help ? (
        <p class="help" id={helpId}>
          {help}
        </p>
      ) : null}
    </div>
  );
}
