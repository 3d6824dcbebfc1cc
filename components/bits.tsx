/** Small shared pieces: source badge, notices, fact lists, rejection lists, buttons. */
import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConfigSource, LintWarning, Rejection } from '../utils/config/types';
import { sourceLabel } from './format';
import { t } from '../utils/i18n';

export function SourceBadge({ source }: { source: ConfigSource }) {
  return (
    <span class={`badge badge-${source}`}>
      <span class="visually-hidden">{t('uiSourceIntro')} </span>
      {sourceLabel(source)}
    </span>
  );
}

export function ManagedNote({ id }: { id?: string }) {
  return (
    <p class="managed-note" id={id}>
      <span aria-hidden="true">🔒 </span>
      {t('uiManagedByAdmin')}
    </p>
  );
}

export function Notice({
  kind,
  title,
  children,
  id,
  testId,
}: {
  kind: 'info' | 'warning' | 'error' | 'success';
  title?: string;
  children?: ComponentChildren;
  id?: string;
  testId?: string;
}) {
  return (
    <div class={`notice notice-${kind}`} id={id} data-testid={testId}>
      {title ? <p class="notice-title">{title}</p> : null}
      {children}
    </div>
  );
}

/** A definition list of label/value pairs; empty values are left out. */
export function Facts({ items, class: cls }: { items: ReadonlyArray<[string, ComponentChildren]>; class?: string }) {
  const shown = items.filter(([, v]) => v !== undefined && v !== null && v !== '');
  return (
    <dl class={`facts${cls ? ` ${cls}` : ''}`}>
      {shown.map(([k, v]) => (
        <div key={k} class="fact">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Code({ children }: { children: ComponentChildren }) {
  return <code class="code">{children}</code>;
}

/** Rejections as a list: path (and entry id) then the reason. */
export function RejectionList({ rejected, id }: { rejected: readonly Rejection[]; id?: string }) {
  if (rejected.length === 0) return null;
  return (
    <ul class="rejections" id={id}>
      {rejected.map((r, i) => (
        <li key={i}>
          {r.path ? <Code>{r.path}</Code> : null}
          {r.entryId ? <span class="muted"> ({t('uiEntryId', r.entryId)})</span> : null}
          {r.path || r.entryId ? ': ' : null}
          {r.reason}
        </li>
      ))}
    </ul>
  );
}

export function WarningList({ warnings }: { warnings: readonly LintWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul class="warnings">
      {warnings.map((w, i) => (
        <li key={i}>
          {w.path ? (
            <>
              <Code>{w.path}</Code>:{' '}
            </>
          ) : null}
          {w.message}
        </li>
      ))}
    </ul>
  );
}

type ButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & { variant?: 'primary' | 'secondary' | 'danger' | 'link' };

export function Button({ variant = 'secondary', class: cls, ...rest }: ButtonProps) {
  return <button type="button" class={`btn btn-${variant}${cls ? ` ${String(cls)}` : ''}`} {...rest} />;
}

/**
 * A destructive action with an inline confirmation (no window.confirm): the first press shows
 * "Delete …?" with Confirm / Cancel; focus moves to Confirm, and back on Cancel.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  disabled,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) startRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" class="btn btn-danger" ref={startRef} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span class="confirm" role="group" aria-label={question}>
      <span class="confirm-question">{question}</span>
      <button
        type="button"
        class="btn btn-danger"
        ref={confirmRef}
        onClick={() => {
          wasAsking.current = false;
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" class="btn btn-secondary" onClick={() => setAsking(false)}>
        {t('uiCancel')}
      </button>
    </span>
  );
}
