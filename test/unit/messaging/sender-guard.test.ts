import { describe, expect, it } from 'vitest';
import { checkContentScriptSender, checkExtensionPageSender } from '../../../utils/messaging/sender-guard';

const ID = 'bihmdpidohpbkmlopegalhijmdkjmanp';
const ORIGIN = `chrome-extension://${ID}/`;
const allowLocal = (url: string) => url.startsWith('http://127.0.0.1');

describe('checkExtensionPageSender (privileged messages)', () => {
  it('accepts the options page and the popup of this extension, also when opened in a tab', () => {
    expect(checkExtensionPageSender({ id: ID, url: `${ORIGIN}options.html` }, ID, ORIGIN)).toEqual({ ok: true });
    expect(checkExtensionPageSender({ id: ID, url: `${ORIGIN}popup.html`, tab: { id: 3 } }, ID, ORIGIN)).toEqual({ ok: true });
  });
  it.each([
    [{ id: 'otherextensionidaaaaaaaaaaaaaaaa', url: `${ORIGIN}options.html` }, /another extension/],
    [{ id: ID, url: 'http://127.0.0.1:8080/documents', tab: { id: 1 } }, /not from an extension page/],
    [{ id: ID }, /not from an extension page/],
    [{ url: `${ORIGIN}options.html` }, /another extension/],
  ])('refuses %j', (sender, reason) => {
    const verdict = checkExtensionPageSender(sender, ID, ORIGIN);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(reason);
  });
});

describe('checkContentScriptSender', () => {
  it('accepts a content script in a tab on a served page and returns the tab id', () => {
    expect(checkContentScriptSender({ id: ID, url: 'http://127.0.0.1:8080/documents', tab: { id: 7 } }, ID, allowLocal)).toEqual({ ok: true, tabId: 7 });
  });
  it.each([
    [{ id: 'x', url: 'http://127.0.0.1/documents', tab: { id: 1 } }, /another extension/],
    [{ id: ID, url: 'http://127.0.0.1/documents' }, /without a tab/],
    [{ id: ID, url: `${ORIGIN}options.html`, tab: { id: 1 } }, /non-web page/],
    [{ id: ID, url: 'https://evil.example/', tab: { id: 1 } }, /no host adapter serves \(https:\/\/evil.example\)/],
    [{ id: ID, url: 'javascript:alert(1)', tab: { id: 1 } }, /non-web page/],
  ])('refuses %j', (sender, reason) => {
    const verdict = checkContentScriptSender(sender, ID, allowLocal);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(reason);
  });
});
