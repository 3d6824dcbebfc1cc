import type { Ctx } from './scope';
import { contentToBackground, type SendDraft } from '../messaging/content-protocol';
import { sniffDocument, validateSend } from '../send/validate';
import { t } from '../i18n';
import { confirmSend } from './confirm-dialog';
import { fetchDocument } from './document-fetch';
import type { Toaster } from './toast';
import { sha256Hex, uploadDocument } from './upload';
import type { SendButton } from './send-button';

export type SendOutcome = 'queued' | 'needs-sign-in' | 'cancelled' | 'failed';

/**
 * One click on "Send with DocuSign": ask the background where it goes, fetch the document with
 * the user's app session, validate everything DocuSign would reject, confirm (direct mode), then
 * hand it to the background's outbox. Every refusal is one clear toast; nothing is uploaded
 * unless all checks pass.
 */
export async function sendDocument(
  ctx: Ctx,
  draft: SendDraft,
  button: SendButton,
  toaster: Toaster,
): Promise<SendOutcome> {
  const fail = (title: string, message: string): SendOutcome => {
    toaster.show('error', title, message);
    button.setBadge({ kind: 'failed', text: t('badgeNotSent'), title: message });
    return 'failed';
  };

  const prep = await contentToBackground.sendMessage('content:prepareSend', draft);
  if (!prep.ok) {
    if (prep.code === 'needs_sign_in') return 'needs-sign-in';
    toaster.show('error', t('toastCannotSend'), prep.message);
    return 'failed';
  }

  // Checks that need no download first: file type and recipients.
  const shape = {
    name: draft.document.name,
    fileType: draft.document.fileType,
    recipients: draft.recipients,
    subject: prep.subject,
    message: prep.message,
  };
  const early = validateSend({ ...shape, documentSize: 1 });
  if (!early.ok) return fail(t('toastCannotSend'), early.problems.map((p) => p.message).join(' '));

  button.setBusy(true);
  button.setBadge({ kind: 'working', text: t('badgePreparing') });
  try {
    const fetched = await fetchDocument(draft.document.url, draft.document.name, ctx.signal);
    if (!fetched.ok) return fail(t('toastCannotSend'), fetched.problem.message);
    const sniffed = sniffDocument(fetched.bytes, draft.document.fileType, fetched.contentType, draft.document.name);
    if (!sniffed.ok) return fail(t('toastCannotSend'), sniffed.problems.map((p) => p.message).join(' '));
    const full = validateSend({ ...shape, documentSize: fetched.bytes.length });
    if (!full.ok) return fail(t('toastCannotSend'), full.problems.map((p) => p.message).join(' '));

    if (prep.confirm) {
      const confirmed = await confirmSend(ctx, {
        documentName: draft.document.name,
        subject: prep.subject,
        recipients: draft.recipients,
        docusignUser: `${prep.docusignName} (${prep.docusignEmail})`,
        account: `${prep.accountName} (${prep.accountId})`,
        profile: `${prep.profileLabel} · ${prep.environmentLabel}`,
      });
      if (!confirmed) {
        button.setBadge(null);
        return 'cancelled';
      }
    }

    button.setBadge({ kind: 'working', text: t('badgeUploading') });
    const result = await uploadDocument(
      {
        draft,
        size: fetched.bytes.length,
        contentType: fetched.contentType,
        sha256: await sha256Hex(fetched.bytes),
        subject: prep.subject,
        message: prep.message,
        profileId: prep.profileId,
      },
      fetched.bytes,
    );
    if (!result.ok) return fail(t('toastCannotSend'), result.message);
    toaster.show(
      'info',
      prep.mode === 'embedded' ? t('toastOpeningSenderView') : t('toastSending'),
      t('toastWhere', [prep.accountName, prep.docusignEmail]),
    );
    return 'queued';
  } finally {
    button.setBusy(false);
  }
}
