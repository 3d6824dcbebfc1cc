import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createButtonPool, POOL_SPARES } from '../../../utils/content/button-pool';
import { childScope } from '../../../utils/content/scope';
import type { ButtonTarget } from '../../../utils/messaging/content-protocol';

// i18n is not available in unit tests: t() returns the message key.
const idle = () => new Promise((resolve) => setTimeout(resolve, 20));
const parts = (host: HTMLElement) => {
  const button = host.shadowRoot!.querySelector('button')!;
  return { button, label: button.firstElementChild!.textContent, where: button.lastElementChild!.textContent };
};

let ctx: ContentScriptContext;
afterEach(() => ctx?.notifyInvalidated());

describe('createButtonPool', () => {
  it('builds spares while idle and hands them out labelled for the target and document of the moment', async () => {
    ctx = new ContentScriptContext('test');
    let target: ButtonTarget | null = { status: 'sign-in', profileLabel: 'Acme EU' };
    const pool = createButtonPool(childScope(ctx), () => target);
    expect(pool.spares).toBe(0);
    // Built in idle slices (several on a busy machine).
    await vi.waitFor(() => expect(pool.spares).toBe(POOL_SPARES));

    // Built for "sign in"; the target has changed since: the spare is relabelled on the way out.
    target = { status: 'ready', profileLabel: 'Acme EU', environmentLabel: 'demo' };
    const button = pool.take(target, 'Q3 report.pdf', () => undefined);
    expect(pool.spares).toBe(POOL_SPARES - 1);
    const { button: el, label, where } = parts(button.host);
    expect(el.dataset.status).toBe('ready');
    expect(label).toBe('buttonSend');
    expect(where).toBe(' buttonWhere');
    expect(el.getAttribute('aria-disabled')).toBe('false');
    expect(el.getAttribute('aria-label')).toBe('buttonReadyDescription');
    expect(button.host.isConnected).toBe(false);

    pool.refillSoon();
    await vi.waitFor(() => expect(pool.spares).toBe(POOL_SPARES));

    // After a target change (relabelled while idle) a spare carries the new target's labels.
    target = { status: 'denied', message: 'Not for you' };
    pool.refillSoon();
    await idle();
    const next = pool.take(target, 'Q4.pdf', () => undefined);
    expect(parts(next.host).button.dataset.status).toBe('denied');
    expect(parts(next.host).button.getAttribute('aria-disabled')).toBe('true');
    expect(parts(next.host).label).toBe('buttonUnavailable');
    expect(parts(next.host).button.getAttribute('aria-label')).toBe('Not for you');
  });

  it('builds on the spot when no spare is left, and keeps none once its scope ends', async () => {
    ctx = new ContentScriptContext('test');
    const scope = childScope(ctx);
    const pool = createButtonPool(scope, () => null);
    await idle();
    const taken = Array.from({ length: POOL_SPARES + 3 }, (_, i) => pool.take(null, `doc-${i}.pdf`, () => undefined));
    expect(new Set(taken.map((b) => b.host)).size).toBe(POOL_SPARES + 3);
    expect(pool.spares).toBe(0);
    for (const b of taken) expect(parts(b.host).button.dataset.status).toBe('ready');
    scope.stop();
    pool.refillSoon();
    await idle();
    expect(pool.spares).toBe(0);
  });
});
