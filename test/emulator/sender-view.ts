// The emulated sender view ("tag and send") behind the single-use URL from POST …/views/sender.
//   GET  /senderview/<token>   first visit: the page; any later visit: an expired page (no redirect)
//   POST /senderview/<token>   event=Send | Save | Cancel (the page's buttons) -> 302 returnUrl?event=…
// Other event names made of letters are passed through unchanged (to test unknown values).
import { htmlReply, parseForm, redirectReply, withParams, type Reply, type RequestContext } from './http-util.ts';
import { errorPage, expiredPage, senderViewPage } from './pages.ts';
import { findAccount } from './seed.ts';
import type { EmulatorState, SenderView, StoredEnvelope } from './state.ts';

export const SENDER_VIEW_PATH = /^\/senderview\/([A-Za-z0-9_-]+)\/?$/;

function usableView(state: EmulatorState, ctx: RequestContext, token: string, stage: SenderView['stage']): SenderView | undefined {
  const view = state.senderViews.get(token);
  if (!view || view.region !== ctx.region || view.stage !== stage) return undefined;
  if (view.stage === 'issued' && view.expiresAt <= state.now()) return undefined;
  return view;
}

function render(state: EmulatorState, view: SenderView, envelope: StoredEnvelope, error: string | null): Reply {
  const account = findAccount(state.seed, envelope.accountId);
  return htmlReply(
    error ? 400 : 200,
    senderViewPage({
      token: view.token,
      emailSubject: envelope.emailSubject,
      accountName: account?.accountName ?? envelope.accountId,
      documents: envelope.documents,
      recipients: [
        ...envelope.signers.map((r) => ({ kind: 'Needs to sign', ...r })),
        ...envelope.carbonCopies.map((r) => ({ kind: 'Receives a copy', ...r })),
      ],
      error,
    }),
  );
}

export function handleSenderViewPage(state: EmulatorState, ctx: RequestContext, token: string): Reply {
  if (ctx.method === 'GET') {
    const view = usableView(state, ctx, token, 'issued');
    const envelope = view ? state.envelopes.get(view.envelopeId) : undefined;
    if (!view) return htmlReply(410, expiredPage());
    if (!envelope) {
      view.stage = 'done';
      return htmlReply(410, expiredPage());
    }
    view.stage = 'opened';
    return render(state, view, envelope, null);
  }
  if (ctx.method !== 'POST') return htmlReply(405, errorPage('Method not allowed', 'Use GET or POST.'));
  const view = usableView(state, ctx, token, 'opened');
  const envelope = view ? state.envelopes.get(view.envelopeId) : undefined;
  if (!view || !envelope) return htmlReply(410, expiredPage());
  const event = parseForm(ctx.body).get('event') ?? '';
  if (!/^[A-Za-z_]{1,40}$/.test(event)) return htmlReply(400, errorPage('Bad request', 'Unknown action.'));
  const now = state.now();
  if (event === 'Send') {
    if (envelope.status !== 'created') return htmlReply(410, expiredPage());
    const missing = [
      !envelope.emailSubject.trim() ? 'a subject' : null,
      envelope.documents.length === 0 ? 'a document' : null,
      envelope.signers.length === 0 ? 'a signer' : null,
    ].filter((m): m is string => m !== null);
    if (missing.length > 0) return render(state, view, envelope, `Cannot send yet: add ${missing.join(', ')}.`);
    envelope.status = 'sent';
    envelope.sentAt = now;
    envelope.statusChangedAt = now;
    envelope.lastModifiedAt = now;
    state.countUsage(envelope.accountId, envelope.clientId, 'envelopesSent');
  } else if (event === 'Save') {
    envelope.lastModifiedAt = now;
  }
  view.stage = 'done';
  return redirectReply(withParams(view.returnUrl, { event }));
}
