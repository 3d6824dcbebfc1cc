import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, envelopeDefinition, form, signIn } from './helpers.ts';
import { startEmulator, type Emulator } from './index.ts';
import { SEED } from './seed.ts';

const NA = SEED.accounts.acmeNa.accountId;
const EU = SEED.accounts.acmeEu.accountId;
const PATH = `/accounts/${NA}/envelopes`;
const RETURN = 'https://host.example/records/42?tab=docs';

let emu: Emulator;
let token: string;

beforeAll(async () => {
  emu = await startEmulator({ autoApprove: true });
  token = (await signIn(emu, SEED.users.jane)).access_token;
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.control.clearFaults();
});

async function draft(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await api(emu, 'na', token, PATH, { json: envelopeDefinition(overrides) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { envelopeId: string }).envelopeId;
}

async function senderView(envelopeId: string, body: unknown = { returnUrl: RETURN, viewAccess: 'envelope', settings: { startingScreen: 'Tagging' } }): Promise<Response> {
  return api(emu, 'na', token, `${PATH}/${envelopeId}/views/sender`, { json: body });
}

async function viewUrl(envelopeId: string): Promise<string> {
  const res = await senderView(envelopeId);
  expect(res.status).toBe(201);
  return ((await res.json()) as { url: string }).url;
}

function statusOf(envelopeId: string): string | undefined {
  return emu.control.getEnvelopes().find((e) => e.envelopeId === envelopeId)?.status;
}

describe('POST …/views/sender', () => {
  it('returns a single-use URL on the same regional server showing the tag-and-send page', async () => {
    const id = await draft({ emailSubject: 'Quote <b>#7</b>' });
    const url = await viewUrl(id);
    expect(url.startsWith(`${emu.regions.na}/senderview/`)).toBe(true);
    const page = await fetch(url, { redirect: 'manual' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Quote &lt;b&gt;#7&lt;/b&gt;');
    expect(html).toContain('NDA.pdf');
    expect(html).toContain('bob@customer.example');
    expect(html).toContain('carol@customer.example');
    for (const [value, label] of [
      ['Send', 'Send'],
      ['Save', 'Save and close'],
      ['Cancel', 'Cancel'],
    ]) {
      expect(html).toContain(`<button type="submit" name="event" value="${value}"`);
      expect(html).toContain(`>${label}</button>`);
    }
    expect(html).toContain('<html lang="en">');

    const second = await fetch(url, { redirect: 'manual' });
    expect(second.status).toBe(410);
    expect(second.headers.get('location')).toBeNull();
    expect(await second.text()).toContain('expired');
  });

  it('Send: redirects to returnUrl with event=Send and the envelope becomes sent', async () => {
    const id = await draft();
    const url = await viewUrl(id);
    await fetch(url);
    const res = await fetch(url, form({ event: 'Send' }));
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get('location')!);
    expect(loc.origin + loc.pathname).toBe('https://host.example/records/42');
    expect(loc.searchParams.get('tab')).toBe('docs');
    expect(loc.searchParams.get('event')).toBe('Send');
    expect(statusOf(id)).toBe('sent');
    const env = (await (await api(emu, 'na', token, `${PATH}/${id}`)).json()) as { status: string; sentDateTime?: string };
    expect(env.status).toBe('sent');
    expect(env.sentDateTime).toBeTruthy();
    expect(emu.control.getEnvelopes().find((e) => e.envelopeId === id)!.sentDateTime).toBeTruthy();
    // The URL is spent: neither the page nor an action works again.
    const again = await fetch(url, form({ event: 'Send' }));
    expect(again.status).toBe(410);
    expect(again.headers.get('location')).toBeNull();
  });

  it('Save keeps the draft; Cancel too; unknown event names pass through unchanged', async () => {
    for (const event of ['Save', 'Cancel', 'SessionEnd']) {
      const id = await draft();
      const url = await viewUrl(id);
      await fetch(url);
      const res = await fetch(url, form({ event }));
      expect(res.status).toBe(302);
      expect(new URL(res.headers.get('location')!).searchParams.get('event')).toBe(event);
      expect(statusOf(id)).toBe('created');
    }
  });

  it('an action without opening the page first is refused (the URL was never visited)', async () => {
    const id = await draft();
    const url = await viewUrl(id);
    expect((await fetch(url, form({ event: 'Send' }))).status).toBe(410);
    expect(statusOf(id)).toBe('created');
  });

  it('Send with no signer shows an error on the page instead of sending', async () => {
    const id = await draft({ recipients: {} });
    const url = await viewUrl(id);
    await fetch(url);
    const res = await fetch(url, form({ event: 'Send' }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('add a signer');
    expect(statusOf(id)).toBe('created');
    const cancel = await fetch(url, form({ event: 'Cancel' }));
    expect(cancel.status).toBe(302);
  });

  it('counts the send in the usage', async () => {
    const before = emu.control.getUsage().find((u) => u.accountId === NA)!.envelopesSent;
    const id = await draft();
    const url = await viewUrl(id);
    await fetch(url);
    await fetch(url, form({ event: 'Send' }));
    expect(emu.control.getUsage().find((u) => u.accountId === NA)!.envelopesSent).toBe(before + 1);
  });

  it('only for drafts: a sent envelope gives 400 ENVELOPE_INVALID_STATUS', async () => {
    const id = await draft({ status: 'sent' });
    const res = await senderView(id);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errorCode: string }).errorCode).toBe('ENVELOPE_INVALID_STATUS');
  });

  it.each([
    ['returnUrl missing (old and new bodies alike)', { viewAccess: 'envelope' }],
    ['returnUrl relative', { returnUrl: '/back', viewAccess: 'envelope' }],
    ['returnUrl not http(s)', { returnUrl: 'javascript:alert(1)', viewAccess: 'envelope' }],
    ['viewAccess missing (the pre-2024 body)', { returnUrl: RETURN }],
    ['viewAccess not "envelope"', { returnUrl: RETURN, viewAccess: 'account' }],
  ])('%s: 400 INVALID_REQUEST_PARAMETER', async (_name, body) => {
    const id = await draft();
    const res = await senderView(id, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errorCode: string }).errorCode).toBe('INVALID_REQUEST_PARAMETER');
  });

  it('an unknown envelope: 404 ENVELOPE_DOES_NOT_EXIST', async () => {
    const res = await senderView('00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { errorCode: string }).errorCode).toBe('ENVELOPE_DOES_NOT_EXIST');
  });

  it('the URL only works on the region that issued it, and expires after 5 minutes unopened', async () => {
    const res = await api(emu, 'eu', token, `/accounts/${EU}/envelopes`, { json: envelopeDefinition() });
    const { envelopeId } = (await res.json()) as { envelopeId: string };
    const view = await api(emu, 'eu', token, `/accounts/${EU}/envelopes/${envelopeId}/views/sender`, { json: { returnUrl: RETURN, viewAccess: 'envelope' } });
    const { url } = (await view.json()) as { url: string };
    expect(url.startsWith(emu.regions.eu)).toBe(true);
    const onNa = url.replace(emu.regions.eu, emu.regions.na);
    expect((await fetch(onNa)).status).toBe(410);
    expect((await fetch(url)).status).toBe(200);

    const id = await draft();
    const late = await viewUrl(id);
    emu.control.advanceClock(301);
    expect((await fetch(late)).status).toBe(410);
  });
});
