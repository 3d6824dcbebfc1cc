import type { ButtonTarget } from '../messaging/content-protocol';
import { t } from '../i18n';
import { adoptButtonStyles } from './button-styles';

/** Attribute on our host element; also how a newer script instance finds stale buttons. */
export const BUTTON_HOST_ATTR = 'data-swd-button';

export interface ButtonBadge {
  kind: 'working' | 'queued' | 'draft' | 'sent' | 'cancelled' | 'failed';
  text: string;
  title?: string;
  /** Failed sends offer a retry. */
  onRetry?: () => void;
}

export interface SendButton {
  host: HTMLElement;
  setTarget(target: ButtonTarget | null, documentName: string): void;
  setBusy(busy: boolean): void;
  setBadge(badge: ButtonBadge | null): void;
}

/**
 * One button in its own shadow root. Text only goes in through textContent and attributes:
 * page-provided names can never become markup here.
 */
export function createSendButton(onActivate: (event: MouseEvent) => void): SendButton {
  const host = document.createElement('span');
  host.setAttribute(BUTTON_HOST_ATTR, '');
  // Open, not closed: a closed root would not stop a hostile page (it owns the DOM around us and
  // could overlay anything), but would hide the button from accessibility tooling and tests.
  // What protects sends is the isTrusted check below.
  const root = host.attachShadow({ mode: 'open' });
  adoptButtonStyles(root);
  const button = document.createElement('button');
  button.type = 'button';
  const label = document.createElement('span');
  const where = document.createElement('span');
  where.className = 'where';
  button.append(label, where);
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.hidden = true;
  // Polite announcement of state changes (Sent, Failed …) for screen readers.
  badge.setAttribute('role', 'status');
  root.append(button, badge);
  button.addEventListener('click', (event) => {
    // Synthetic clicks dispatched by the page (isTrusted false) never start anything.
    if (!event.isTrusted) return;
    event.preventDefault();
    event.stopPropagation();
    onActivate(event);
  });
  const setTarget = (target: ButtonTarget | null, documentName: string) => {
    const status = target?.status ?? 'ready';
    button.dataset.status = status;
    let text = t('buttonSend');
    let whereText = '';
    let description = '';
    switch (status) {
      case 'ready':
        if (target?.profileLabel) {
          whereText = t('buttonWhere', [target.profileLabel, target.environmentLabel ?? '']);
          description = target.docusignEmail
            ? t('buttonReadyDescriptionSignedIn', [documentName, target.profileLabel, target.docusignEmail])
            : t('buttonReadyDescription', [documentName, target.profileLabel]);
        } else {
          description = t('buttonSendDocument', [documentName]);
        }
        break;
      case 'sign-in':
        text = t('buttonSignIn');
        whereText = target?.profileLabel ? t('buttonForProfile', [target.profileLabel]) : '';
        description = t('buttonSignInDescription', [target?.profileLabel ?? 'DocuSign']);
        break;
      case 'choose':
        text = t('buttonChoose');
        description = target?.message ?? t('targetChoose');
        break;
      case 'denied':
      case 'unconfigured':
      case 'no-user':
        text = t('buttonUnavailable');
        description = target?.message ?? t('buttonUnavailable');
        break;
    }
    label.textContent = text;
    where.textContent = whereText ? ` ${whereText}` : '';
    button.title = description;
    button.setAttribute('aria-label', description || text);
    button.setAttribute('aria-disabled', status === 'ready' || status === 'sign-in' || status === 'choose' ? 'false' : 'true');
  };
  return {
    host,
    setTarget,
    setBusy(busy) {
      button.setAttribute('aria-busy', busy ? 'true' : 'false');
    },
    setBadge(next) {
      badge.replaceChildren();
      badge.hidden = !next;
      if (!next) return;
      badge.dataset.kind = next.kind;
      const text = document.createElement('span');
      text.textContent = next.text;
      badge.append(text);
      badge.title = next.title ?? next.text;
      if (next.onRetry) {
        const retry = document.createElement('button');
        retry.type = 'button';
        retry.className = 'retry';
        retry.textContent = t('badgeRetry');
        const onRetry = next.onRetry;
        retry.addEventListener('click', (event) => {
          if (!event.isTrusted) return;
          onRetry();
        });
        badge.append(retry);
      }
    },
  };
}
