/** Small shared pieces: source badge, notices, fact lists, rejection lists, buttons. */
import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
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

/** A small padlock (decorative: the text next to it says "Managed by your administrator"). */
export function LockIcon() {
  return (
    <svg class="icon" aria-hidden="true" focusable="false" viewBox="0 0 16 16" width="14" height="14">
      <path fill="currentColor" d="M8 1a3.5 3.5 0 0 0-3.5 3.5V7H4a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 6H6V4.5a2 2 0 1 1 4 0V7Z" />
    </svg>
  );
}

export function ManagedNote({ id }: { id?: string }) {
  return (
    <p class="managed-note" id={id}>
      <LockIcon /> {t('uiManagedByAdmin')}
    </p>
  );
}

/** "N entries of your administrator's policy here were rejected", with a link to Diagnostics. */
export function PolicyRejectedNote({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <Notice kind="warning" testId="policy-rejected-note">
      <p>
        {t('uiPolicyRejectedHere', String(count))} <a href="#diagnostics">{t('uiSeeDiagnostics')}</a>
      </p>
    </Notice>
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
      {rejected.map((r, i) => {
        // "profiles[0].label is empty: …" reads on from the path shown in code.
        const continues = r.path !== '' && r.reason.startsWith(r.path);
        const rest = continues ? r.reason.slice(r.path.length) : r.reason;
        return (
          <li key={i}>
            {r.path ? <Code>{r.path}</Code> : null}
            {r.entryId ? <span class="muted"> ({t('uiEntryId', r.entryId)})</span> : null}
            {continues ? (rest.startsWith(':') ? '' : ' ') : r.path || r.entryId ? ': ' : null}
            {continues && rest.startsWith(':') ? rest : continues ? rest.trimStart() : rest}
          </li>
        );
      })}
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
  name,
  question,
  confirmLabel,
  onConfirm,
  disabled,
}: {
  label: string;
  /** Accessible name when the label alone is ambiguous ("Discard Order Form.docx"); starts with the label. */
  name?: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  // Layout effect: focus moves in the same task that swaps the buttons. With useEffect (run after
  // the next frame) focus sat on <body> for a frame, since the button that had it was removed.
  useLayoutEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) startRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" class="btn btn-danger" ref={startRef} aria-label={name} disabled={disabled} onClick={() => setAsking(true)}>
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
