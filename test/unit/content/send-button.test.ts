import { describe, expect, it, vi } from 'vitest';
import { BUTTON_HOST_ATTR, buttonLabelKey, createSendButton } from '../../../utils/content/send-button';
import type { ButtonTarget } from '../../../utils/messaging/content-protocol';

// i18n is not available in unit tests: t() returns the message key, which is what we assert on.

function parts(host: HTMLElement) {
  const root = host.shadowRoot!;
  const button = root.querySelector('button')!;
  return { root, button, label: button.firstElementChild!, where: button.lastElementChild!, badge: root.querySelector('.badge') as HTMLElement };
}

describe('createSendButton', () => {
  it('builds one open shadow root with the button, its two labels and a hidden status badge', () => {
    const { host } = createSendButton(() => undefined);
    expect(host.hasAttribute(BUTTON_HOST_ATTR)).toBe(true);
    const { button, badge } = parts(host);
    expect(button.type).toBe('button');
    expect(button.querySelectorAll('span')).toHaveLength(2);
    expect(badge.hidden).toBe(true);
    expect(badge.getAttribute('role')).toBe('status');
  });

  it('labels by status, page text only as text, and writes only what changed', async () => {
    const sendButton = createSendButton(() => undefined);
    const { root, button, label, where } = parts(sendButton.host);
    sendButton.setTarget(null, '<img src=x onerror=alert(1)>.pdf');
    expect(button.dataset.status).toBe('ready');
    expect(label.textContent).toBe('buttonSend');
    expect(where.textContent).toBe('');
    expect(button.getAttribute('aria-disabled')).toBe('false');
    expect(root.querySelector('img')).toBeNull();

    const signIn: ButtonTarget = { status: 'sign-in', profileLabel: 'Acme EU' };
    sendButton.setTarget(signIn, 'a.pdf');
    expect(button.dataset.status).toBe('sign-in');
    expect(label.textContent).toBe('buttonSignIn');
    expect(where.textContent).toBe(' buttonForProfile');
    expect(button.getAttribute('aria-label')).toBe('buttonSignInDescription');

    // The same target again (or an equal one for another row) changes nothing in the DOM: on a
    // long host page every size-changing write costs the host a relayout.
    const records: MutationRecord[] = [];
    const mo = new MutationObserver((r) => records.push(...r));
    mo.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    sendButton.setTarget(signIn, 'a.pdf');
    await Promise.resolve();
    expect(records).toEqual([]);
    mo.disconnect();

    sendButton.setTarget({ status: 'denied', message: 'Not for you' }, 'a.pdf');
    expect(label.textContent).toBe('buttonUnavailable');
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(button.title).toBe('Not for you');
  });

  it('ignores clicks the page dispatches (isTrusted false)', () => {
    const onActivate = vi.fn();
    const { host } = createSendButton(onActivate);
    document.body.append(host);
    parts(host).button.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    parts(host).button.click();
    expect(onActivate).not.toHaveBeenCalled();
    host.remove();
  });

  it('shows and clears a badge, with a retry button for failures', () => {
    const sendButton = createSendButton(() => undefined);
    const { badge } = parts(sendButton.host);
    sendButton.setBadge({ kind: 'failed', text: 'Failed', title: 'DocuSign said no', onRetry: () => undefined });
    expect(badge.hidden).toBe(false);
    expect(badge.dataset.kind).toBe('failed');
    expect(badge.title).toBe('DocuSign said no');
    expect(badge.querySelector('button.retry')).not.toBeNull();
    sendButton.setBadge(null);
    expect(badge.hidden).toBe(true);
    expect(badge.childElementCount).toBe(0);
  });

  it('marks the button while a badge shows: the badge takes the place of the "via …" part (same line, same row height)', () => {
    const sendButton = createSendButton(() => undefined, { status: 'ready', profileLabel: 'Acme EU', environmentLabel: 'demo' });
    const { button } = parts(sendButton.host);
    expect(button.hasAttribute('data-badge')).toBe(false);
    sendButton.setBadge({ kind: 'sent', text: 'Sent' });
    expect(button.hasAttribute('data-badge')).toBe(true);
    sendButton.setBadge(null);
    expect(button.hasAttribute('data-badge')).toBe(false);
  });

  it('measures its width with its labels\u2019 key, and says when their text is cut short; nothing while a badge shows or off the page', () => {
    const target: ButtonTarget = { status: 'ready', profileLabel: 'Acme EU', environmentLabel: 'demo' };
    const sendButton = createSendButton(() => undefined, target);
    const { where } = parts(sendButton.host);
    const box = vi.spyOn(sendButton.host, 'getBoundingClientRect').mockReturnValue({ width: 233.9 } as DOMRect);
    // Not in the page.
    expect(sendButton.measure()).toBeNull();
    document.body.append(sendButton.host);
    expect(sendButton.measure()).toEqual({ labelKey: buttonLabelKey(target), px: 233.9, cut: false });
    // A badge shown.
    sendButton.setBadge({ kind: 'sent', text: 'Sent' });
    expect(sendButton.measure()).toBeNull();
    sendButton.setBadge(null);
    // The "via …" part cut short (a narrow cell, or a fixed width too small).
    vi.spyOn(where, 'scrollWidth', 'get').mockReturnValue(120);
    vi.spyOn(where, 'clientWidth', 'get').mockReturnValue(80);
    expect(sendButton.measure()).toEqual({ labelKey: buttonLabelKey(target), px: 233.9, cut: true });
    box.mockRestore();
    sendButton.host.remove();
  });

  it('gives one label key per visible label set: what only the description holds does not change it', () => {
    const ready: ButtonTarget = { status: 'ready', profileLabel: 'Acme EU', environmentLabel: 'demo' };
    expect(buttonLabelKey({ ...ready, docusignEmail: 'emma@acme.example' })).toBe(buttonLabelKey({ ...ready }));
    // (Unit tests have no i18n: the profile's name does not reach the text here, its presence does.)
    expect(buttonLabelKey({ status: 'ready' })).not.toBe(buttonLabelKey(ready));
    expect(buttonLabelKey({ status: 'sign-in', profileLabel: 'Acme EU' })).not.toBe(buttonLabelKey(ready));
    expect(buttonLabelKey(null)).not.toBe(buttonLabelKey(ready));
  });

  it('copies one clonable host per target: every button has its own root, content and shared styles', () => {
    const target: ButtonTarget = { status: 'ready', profileLabel: 'Acme EU', environmentLabel: 'demo' };
    const a = createSendButton(undefined, target, 'a.pdf');
    const b = createSendButton(undefined, target, 'b.pdf');
    const pa = parts(a.host);
    const pb = parts(b.host);
    expect(pa.root).not.toBe(pb.root);
    expect(pa.root.clonable).toBe(true);
    expect(pa.root.adoptedStyleSheets).toHaveLength(1);
    expect(pb.root.adoptedStyleSheets[0]).toBe(pa.root.adoptedStyleSheets[0]);
    expect(pb.where.textContent).toBe(' buttonWhere');
    // Relabelling one leaves the other (and the template both were copied from) as they were.
    a.setTarget({ status: 'sign-in', profileLabel: 'Acme EU' }, 'a.pdf');
    expect(pa.label.textContent).toBe('buttonSignIn');
    expect(pb.label.textContent).toBe('buttonSend');
    expect(parts(createSendButton(undefined, target, 'c.pdf').host).label.textContent).toBe('buttonSend');
  });

  it('where clones lose their shadow root and constructed sheets are refused, builds each host with a <style> first', async () => {
    vi.resetModules();
    const attachShadow = HTMLElement.prototype.attachShadow;
    // A browser before `clonable`: the option is ignored, so a clone comes back without a root.
    const ignoreClonable = vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(function (this: HTMLElement, init: ShadowRootInit) {
      return attachShadow.call(this, { mode: init.mode });
    });
    // Firefox content scripts (Xray wrappers) may refuse constructed stylesheets.
    const refuseSheets = vi.spyOn(CSSStyleSheet.prototype, 'replaceSync').mockImplementation(() => {
      throw new Error('refused');
    });
    try {
      const fresh = await import('../../../utils/content/send-button');
      for (const name of ['a.pdf', 'b.pdf']) {
        const sendButton = fresh.createSendButton(() => undefined, { status: 'ready', profileLabel: 'Acme EU' }, name);
        const { root, button, label, badge } = parts(sendButton.host);
        expect(root.firstElementChild?.tagName).toBe('STYLE');
        expect(root.children).toHaveLength(3);
        expect(label.textContent).toBe('buttonSend');
        sendButton.setBadge({ kind: 'sent', text: 'Sent' });
        expect(badge.hidden).toBe(false);
        expect(root.lastElementChild).toBe(badge);
        expect(button.getAttribute('aria-label')).toBe('buttonReadyDescription');
      }
    } finally {
      ignoreClonable.mockRestore();
      refuseSheets.mockRestore();
      vi.resetModules();
    }
  });

  it('sets aria-busy only when it changes', () => {
    const sendButton = createSendButton(() => undefined);
    const { button } = parts(sendButton.host);
    sendButton.setBusy(true);
    expect(button.getAttribute('aria-busy')).toBe('true');
    sendButton.setBusy(false);
    expect(button.getAttribute('aria-busy')).toBe('false');
  });
});
