// Northwind CRM demo host app: script-added rows, row manipulation and SPA-like navigation.
// Row markup built here is identical to the server's (see html.ts docRow). Exposes window.hostApp.
(() => {
  'use strict';

  const AUTO_ADD_INTERVAL_MS = 200;
  let generation = 0; // bumps on every navigation: stops pending auto-add timers
  let nextIndex = 1;
  let shown = location.pathname + location.search; // what #main shows (hash-only changes do not reload)

  const main = () => document.getElementById('main');
  const tbody = () => document.getElementById('doc-rows');
  const onDocumentsPage = () => document.body.dataset.page === 'documents' && tbody() !== null;

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const c of children || []) node.append(c);
    return node;
  }

  /** d = { docId, href, fileName, fileType, size, contactName, contactEmail } */
  function createRow(d) {
    return el('tr', { class: 'doc-row', 'data-doc-id': d.docId }, [
      el('td', { class: 'doc-name' }, [
        el('a', { class: 'doc-link', href: d.href, 'data-file-name': d.fileName, 'data-file-type': d.fileType }, [d.fileName]),
      ]),
      el('td', { class: 'doc-size' }, [d.size]),
      el('td', { class: 'doc-contact', 'data-contact-name': d.contactName, 'data-contact-email': d.contactEmail }, [d.contactName]),
      el('td', { class: 'doc-actions' }),
    ]);
  }

  function rowData(tr) {
    const link = tr.querySelector('.doc-link');
    const contact = tr.querySelector('.doc-contact');
    return {
      docId: tr.dataset.docId || '',
      href: link ? link.getAttribute('href') || '' : '',
      fileName: link ? link.dataset.fileName || '' : '',
      fileType: link ? link.dataset.fileType || '' : '',
      size: (tr.querySelector('.doc-size') || {}).textContent || '',
      contactName: contact ? contact.dataset.contactName || '' : '',
      contactEmail: contact ? contact.dataset.contactEmail || '' : '',
    };
  }

  function rows() {
    const body = tbody();
    return body ? Array.from(body.querySelectorAll(':scope > tr.doc-row')) : [];
  }

  function findRow(docId) {
    return docId === undefined ? undefined : rows().find((tr) => tr.dataset.docId === docId);
  }

  function announce(text) {
    const status = document.getElementById('doc-status');
    if (status) status.textContent = text;
  }

  async function fetchRows(count) {
    const start = nextIndex;
    nextIndex += count;
    const res = await fetch(`/api/documents?start=${start}&count=${count}`, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`row fetch failed: ${res.status}`);
    return res.json();
  }

  function appendRows(list) {
    const body = tbody();
    if (!body) return [];
    const added = list.map(createRow);
    body.append(...added);
    return added;
  }

  /** Appends `count` rows now; resolves to their doc ids. */
  async function addRows(count = 1) {
    const added = appendRows(await fetchRows(count));
    announce(`${added.length} document${added.length === 1 ? '' : 's'} added`);
    return added.map((tr) => tr.dataset.docId);
  }

  /** Appends `count` rows, one every 200 ms (rows are fetched first). */
  async function autoAdd(count) {
    const gen = generation;
    const list = await fetchRows(count);
    for (const d of list) {
      await new Promise((r) => setTimeout(r, AUTO_ADD_INTERVAL_MS));
      if (gen !== generation || !onDocumentsPage()) return;
      appendRows([d]);
    }
    document.dispatchEvent(new CustomEvent('hostapp:auto-add-done', { detail: { count: list.length } }));
  }

  /** Replaces every row with a fresh, equal row (new DOM nodes, empty .doc-actions). */
  function rerenderRows() {
    const body = tbody();
    if (!body) return 0;
    const fresh = rows().map((tr) => createRow(rowData(tr)));
    body.replaceChildren(...fresh);
    announce('Documents refreshed');
    return fresh.length;
  }

  /** Removes the row with this doc id, or the first row. */
  function removeRow(docId) {
    const tr = docId === undefined ? rows()[0] : findRow(docId);
    if (!tr) return null;
    tr.remove();
    announce(`${rowData(tr).fileName} removed`);
    return tr.dataset.docId;
  }

  /** Moves the row with this doc id, or the last row, to the top. */
  function moveRowToTop(docId) {
    const body = tbody();
    const list = rows();
    const tr = docId === undefined ? list[list.length - 1] : findRow(docId);
    if (!body || !tr) return null;
    body.prepend(tr);
    announce(`${rowData(tr).fileName} moved to the top`);
    return tr.dataset.docId;
  }

  function button(id, label, onClick, primary) {
    const b = el('button', { type: 'button', id, class: primary ? 'button primary' : 'button' }, [label]);
    b.addEventListener('click', onClick);
    return b;
  }

  function enhanceDocuments() {
    const table = main().querySelector('.doc-table');
    if (!table || document.getElementById('doc-toolbar')) return;
    nextIndex = 1 + rows().reduce((max, tr) => Math.max(max, Number(/^d-(\d+)$/.exec(tr.dataset.docId || '')?.[1] || 0)), 0);
    const toolbar = el('div', { id: 'doc-toolbar', class: 'doc-toolbar', role: 'toolbar', 'aria-label': 'Document list' }, [
      button('add-document', 'Add document', () => addRows(1), true),
      button('rerender-rows', 'Re-render rows', () => rerenderRows()),
      button('remove-row', 'Remove first row', () => removeRow()),
      button('move-row-top', 'Move last row to top', () => moveRowToTop()),
      el('p', { id: 'doc-status', class: 'sr-only', 'aria-live': 'polite' }),
    ]);
    table.before(toolbar);
    const n = Number(new URL(location.href).searchParams.get('autoAdd') || 0);
    if (Number.isInteger(n) && n > 0) autoAdd(Math.min(n, 10000)).catch((e) => console.error(e));
  }

  function enhance() {
    if (onDocumentsPage()) enhanceDocuments();
    document.documentElement.dataset.hostReady = String(generation);
    document.dispatchEvent(new CustomEvent('hostapp:ready', { detail: { page: document.body.dataset.page } }));
  }

  function updateNav() {
    for (const a of document.querySelectorAll('.app-nav a')) {
      const here = location.pathname === a.pathname || (a.pathname === '/records' && location.pathname.startsWith('/records/'));
      if (here) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }

  /** SPA navigation: fetch ?fragment=1, swap #main's content, push history. Falls back to a full load. */
  async function navigate(href, push = true) {
    const target = new URL(href, location.href);
    if (target.origin !== location.origin) return location.assign(target.href);
    const fragmentUrl = new URL(target.href);
    fragmentUrl.searchParams.set('fragment', '1');
    let res;
    try {
      res = await fetch(fragmentUrl, { credentials: 'same-origin' });
    } catch {
      return location.assign(target.href);
    }
    if (res.redirected || res.headers.get('X-Host-Fragment') !== '1') return location.assign(target.href);
    const html = await res.text();
    generation++;
    shown = target.pathname + target.search;
    if (push) history.pushState({ spa: true }, '', target.href);
    main().innerHTML = html; // our own server's markup
    document.body.dataset.page = res.headers.get('X-Page') || '';
    document.title = `${decodeURIComponent(res.headers.get('X-Page-Title') || '')} – Northwind CRM`;
    updateNav();
    const h1 = main().querySelector('h1');
    if (h1) {
      h1.setAttribute('tabindex', '-1');
      h1.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
    enhance();
    document.dispatchEvent(new CustomEvent('hostapp:navigated', { detail: { url: target.href } }));
  }

  document.addEventListener('click', (e) => {
    const a = e.target instanceof Element ? e.target.closest('a[data-nav]') : null;
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(a.href).catch(() => location.assign(a.href));
  });
  window.addEventListener('popstate', () => {
    if (location.pathname + location.search === shown) return;
    navigate(location.href, false).catch(() => location.reload());
  });

  window.hostApp = { addRows, addRow: () => addRows(1), rerenderRows, removeRow, moveRowToTop, navigate, createRow };
  enhance();
})();
