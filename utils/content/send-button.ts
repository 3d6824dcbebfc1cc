import type { ButtonTarget } from '../messaging/content-protocol';
import { t } from '../i18n';
import { adoptButtonStyles } from './button-styles';

/** Attribute on our host element; also how a newer script instance finds stale buttons. */
export const BUTTON_HOST_ATTR = 'data-swd-button';

export interface SendButton {
  host: HTMLElement;
  setTarget(target: ButtonTarget | null, documentName: string): void;
  setBusy(busy: boolean): void;
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
  root.append(button);
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
  };
}
