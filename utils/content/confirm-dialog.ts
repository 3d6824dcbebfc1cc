import type { Ctx } from './scope';
import { t } from '../i18n';

const DIALOG_CSS = `
:host { all: initial; }
dialog {
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1b1b1b; background: #ffffff; border: 1px solid #8a8a8a; border-radius: 10px;
  padding: 20px 22px; max-width: min(520px, calc(100vw - 32px)); box-shadow: 0 12px 40px rgba(0,0,0,.25);
}
dialog::backdrop { background: rgba(0,0,0,.35); }
h2 { font-size: 17px; margin: 0 0 12px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 14px; margin: 0 0 16px; }
dt { font-weight: 600; color: #3d3d3d; }
dd { margin: 0; overflow-wrap: anywhere; }
ul { margin: 0; padding-left: 18px; }
.buttons { display: flex; gap: 10px; justify-content: flex-end; flex-wrap: wrap; }
button { font: 600 14px/1.2 system-ui, sans-serif; padding: 8px 14px; border-radius: 6px; cursor: pointer;
  border: 1px solid #1d3b8b; background: #ffffff; color: #1d3b8b; }
button.primary { background: #1d3b8b; color: #ffffff; }
button:focus-visible { outline: 3px solid #f2b705; outline-offset: 2px; }
@media (prefers-color-scheme: dark) {
  dialog { background: #1f1f1f; color: #f1f1f1; border-color: #777; }
  dt { color: #cfcfcf; }
  button { background: #1f1f1f; color: #c9d6ff; border-color: #7f9cf5; }
  button.primary { background: #3557c5; color: #ffffff; border-color: #3557c5; }
}
`;

export interface ConfirmDetails {
  documentName: string;
  subject: string;
  recipients: { name: string; email: string }[];
  docusignUser: string;
  account: string;
  profile: string;
}

/**
 * The confirm step before sending immediately (direct mode): what, to whom, as whom, from which
 * account. A native modal <dialog> in our own shadow root: focus is trapped and restored by the
 * browser, Escape cancels. All values are page or DocuSign data and go in as text only.
 */
export function confirmSend(ctx: Ctx, details: ConfirmDetails): Promise<boolean> {
  return new Promise((resolve) => {
    const host = document.createElement('div');
    host.setAttribute('data-swd-dialog', '');
    const root = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = DIALOG_CSS;
    const dialog = document.createElement('dialog');
    dialog.setAttribute('aria-labelledby', 'swd-confirm-title');
    const title = document.createElement('h2');
    title.id = 'swd-confirm-title';
    title.textContent = t('confirmTitle', [details.documentName]);
    const list = document.createElement('dl');
    const row = (term: string, value: string | HTMLElement) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      if (typeof value === 'string') dd.textContent = value;
      else dd.append(value);
      list.append(dt, dd);
    };
    row(t('confirmSubject'), details.subject);
    const recipients = document.createElement('ul');
    for (const r of details.recipients) {
      const li = document.createElement('li');
      li.textContent = `${r.name} <${r.email}>`;
      recipients.append(li);
    }
    row(t('confirmRecipients'), recipients);
    row(t('confirmSender'), details.docusignUser);
    row(t('confirmAccount'), `${details.account} · ${details.profile}`);
    const buttons = document.createElement('div');
    buttons.className = 'buttons';
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.textContent = t('confirmCancel');
    const send = document.createElement('button');
    send.type = 'button';
    send.className = 'primary';
    send.textContent = t('confirmSendNow');
    buttons.append(cancel, send);
    dialog.append(title, list, buttons);
    root.append(style, dialog);
    document.body.append(host);

    let settled = false;
    const finish = (answer: boolean) => {
      if (settled) return;
      settled = true;
      dialog.close();
      host.remove();
      resolve(answer);
    };
    // Only real user input confirms: a page cannot click "Send now" for the user.
    send.addEventListener('click', (e) => e.isTrusted && finish(true));
    cancel.addEventListener('click', (e) => e.isTrusted && finish(false));
    dialog.addEventListener('close', () => finish(false));
    ctx.onInvalidated(() => finish(false));
    dialog.showModal();
    cancel.focus();
  });
}
