import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { startInjector, type DecoratedItem, type InjectorOptions } from '../../../utils/content/injector';
import { childScope } from '../../../utils/content/scope';
import { DEMO_HOST_ADAPTER } from '../../../utils/host/builtin-adapters';

// happy-dom has no layout (every rect is empty), so these tests cover what does not depend on
// geometry: the first pass, the MutationObserver paths, re-labelling and cleanup. Geometry (lazy
// decoration while scrolling a 1,000-row page) is covered in test/e2e/injection.test.ts.

function row(docId: string, withActions = true): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.className = 'doc-row';
  tr.dataset.docId = docId;
  tr.innerHTML = `<td class="doc-name"><a class="doc-link" href="/files/${docId}/Doc.pdf" data-file-name="Doc ${docId}.pdf" data-file-type="pdf">Doc</a></td>`;
  if (withActions) tr.append(Object.assign(document.createElement('td'), { className: 'doc-actions' }));
  return tr;
}

function page(rows: number): HTMLTableSectionElement {
  document.body.innerHTML = '<table><tbody id="doc-rows"></tbody></table>';
  const body = document.getElementById('doc-rows') as HTMLTableSectionElement;
  for (let i = 1; i <= rows; i++) body.append(row(`d-${i}`));
  return body;
}

const rowsOf = (el: Element) => [...el.querySelectorAll('tr.doc-row')] as HTMLTableRowElement[];
const hosts = (el: Element) => el.querySelectorAll('[data-swd-button]').length;
const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
const microtasks = () => new Promise((resolve) => setTimeout(resolve, 0));

let ctx: ContentScriptContext;
afterEach(() => {
  ctx?.notifyInvalidated();
  document.body.innerHTML = '';
});

function start(onDecorated?: (batch: DecoratedItem[]) => void, options?: InjectorOptions) {
  ctx = new ContentScriptContext('test');
  // As in the extension (startHostIntegration): the injector runs in a child scope of WXT's ctx.
  return startInjector(childScope(ctx), DEMO_HOST_ADAPTER, () => undefined, onDecorated, options);
}

describe('startInjector', () => {
  it('decorates the rows that could fill the viewport and the margin below at once (no layout read), and writes nothing in the next frame', async () => {
    // At once: Chromium lays the finished document out right after the DOMContentLoaded handlers,
    // so these buttons cost no layout of their own; a write in the next frame would relay the
    // host's whole table out once more.
    const body = page(200);
    const decorated = vi.fn();
    start(decorated);
    const guess = Math.min(160, Math.ceil((3 * window.innerHeight) / 16));
    expect(guess).toBeLessThan(200);
    expect(rowsOf(body).map(hosts).join('')).toBe('1'.repeat(guess) + '0'.repeat(200 - guess));
    const writes: MutationRecord[] = [];
    const watch = new MutationObserver((records) => writes.push(...records));
    watch.observe(body, { childList: true, subtree: true, attributes: true, characterData: true });
    await frame();
    await microtasks();
    watch.disconnect();
    expect(writes).toEqual([]);
    expect(rowsOf(body).map(hosts).join('')).toBe('1'.repeat(guess) + '0'.repeat(200 - guess));
    // Handed over in one batch, in a task after the buttons went in, each item once.
    const handed = decorated.mock.calls.flatMap(([batch]) => batch as DecoratedItem[]);
    expect(handed.map((d) => d.item)).toEqual(rowsOf(body).slice(0, guess));
    expect(decorated).toHaveBeenCalledTimes(1);
  });

  it('with the rows\' height measured while the page loaded, the first pass writes only what that height needs', async () => {
    const body = page(200);
    start(undefined, { itemPxHint: 40 });
    // 3 viewports of rows down to 30 px (40 px measured, a quarter of room): far fewer than at 16 px.
    const guess = Math.ceil((3 * window.innerHeight) / 30);
    expect(guess).toBeLessThan(Math.min(160, Math.ceil((3 * window.innerHeight) / 16)));
    expect(rowsOf(body).map(hosts).join('')).toBe('1'.repeat(guess) + '0'.repeat(200 - guess));
  });

  it('decorates rows the app inserts at once (before the next frame), one button each', async () => {
    const body = page(3);
    start();
    await frame();
    const added = [row('n-1'), row('n-2')];
    body.append(...added);
    await Promise.resolve();
    expect(added.map(hosts)).toEqual([1, 1]);
    // A container with rows inside (SPA navigation swapping content).
    const table = document.createElement('table');
    const tbody = document.createElement('tbody');
    table.append(tbody);
    tbody.append(row('s-1'), row('s-2'));
    document.body.append(table);
    await Promise.resolve();
    expect(rowsOf(tbody).map(hosts)).toEqual([1, 1]);
  });

  it('keeps exactly one button through re-rendered cells, moves and clones', async () => {
    const body = page(4);
    start();
    await frame();
    // The app re-renders a row's actions cell: our button went with it.
    const second = rowsOf(body)[1]!;
    second.querySelector('td.doc-actions')!.replaceWith(Object.assign(document.createElement('td'), { className: 'doc-actions' }));
    await microtasks();
    expect(hosts(second)).toBe(1);
    // Moved: the same element, its button comes along.
    body.prepend(rowsOf(body)[3]!);
    await microtasks();
    expect(rowsOf(body).map(hosts)).toEqual([1, 1, 1, 1]);
    // Cloned: the copy of our host has no shadow root; the clone ends up with one working button.
    const copy = rowsOf(body)[0]!.cloneNode(true) as HTMLTableRowElement;
    body.append(copy);
    await microtasks();
    expect(hosts(copy)).toBe(1);
    expect(copy.querySelector('[data-swd-button]')!.shadowRoot).not.toBeNull();
  });

  it('decorates an item whose anchor appears later, and counts missing anchors for health', async () => {
    const body = page(0);
    const bare = row('late', false);
    body.append(bare);
    const injector = start();
    await frame();
    expect(hosts(bare)).toBe(0);
    expect(injector.health()).toEqual({ items: 1, anchorsMissing: 1 });
    bare.append(Object.assign(document.createElement('td'), { className: 'doc-actions' }));
    await microtasks();
    expect(hosts(bare)).toBe(1);
    expect(injector.health()).toEqual({ items: 1, anchorsMissing: 0 });
  });

  it('re-labels every live button and lists only connected ones', async () => {
    const body = page(3);
    const injector = start();
    await frame();
    injector.setTarget({ status: 'sign-in', profileLabel: 'Acme EU' });
    const labels = [...body.querySelectorAll('[data-swd-button]')].map((h) => h.shadowRoot!.querySelector('button')!.dataset.status);
    expect(labels).toEqual(['sign-in', 'sign-in', 'sign-in']);
    rowsOf(body)[0]!.remove();
    expect(injector.decoratedItems()).toHaveLength(2);
  });

  it('does not loop when the page keeps removing our button', async () => {
    const body = page(1);
    start();
    await frame();
    let removals = 0;
    const hostile = new MutationObserver(() => {
      for (const h of body.querySelectorAll('[data-swd-button]')) {
        removals++;
        h.remove();
      }
    });
    hostile.observe(body, { childList: true, subtree: true });
    rowsOf(body)[0]!.querySelector('[data-swd-button]')!.remove();
    await microtasks();
    await microtasks();
    hostile.disconnect();
    expect(removals).toBeLessThan(10);
  });

  it('removes every button when its context is invalidated, and stops decorating', async () => {
    const body = page(3);
    start();
    await frame();
    expect(hosts(body)).toBe(3);
    ctx.notifyInvalidated();
    expect(hosts(body)).toBe(0);
    body.append(row('after'));
    await microtasks();
    expect(hosts(body)).toBe(0);
  });
});
