// The straightforward alternative the benchmark compares against, injected by the bench with
// page.addInitScript after Preact's UMD bundle (window.preact): at "document_idle" (emulated as
// a task right after DOMContentLoaded, where Chrome runs idle content scripts on this page) it
// renders one Preact component with its own <style> into one shadow root on EVERY row, and a
// MutationObserver does the same for rows (or cells) added later. Same markup, CSS and labels as
// the extension's button; no laziness, no shared stylesheet.
// The bench replaces the CSS placeholder below with the extension's BUTTON_CSS (a JSON string).
(() => {
  'use strict';
  const { h, render, Fragment } = window.preact;
  const CSS = __SWD_BUTTON_CSS__;
  const ROW = 'tr.doc-row';
  const ANCHOR = 'td.doc-actions';

  function SendButton(props) {
    const description = `Send ${props.name} with DocuSign`;
    return h(
      Fragment,
      null,
      h('style', null, CSS),
      h(
        'button',
        {
          type: 'button',
          'data-status': 'ready',
          'aria-disabled': 'false',
          title: description,
          'aria-label': description,
          onClick: (event) => {
            if (!event.isTrusted) return;
            event.preventDefault();
          },
        },
        h('span', null, 'Send with DocuSign'),
        h('span', { class: 'where' }, ''),
      ),
      h('span', { class: 'badge', hidden: true, role: 'status' }),
    );
  }

  function decorate(row) {
    if (row.querySelector('[data-swd-button]')) return;
    const anchor = row.querySelector(ANCHOR);
    if (!anchor) return;
    const host = document.createElement('span');
    host.setAttribute('data-swd-button', '');
    const root = host.attachShadow({ mode: 'open' });
    const link = row.querySelector('a.doc-link');
    render(h(SendButton, { name: link ? link.getAttribute('data-file-name') || '' : '' }), root);
    anchor.append(host);
  }

  function start() {
    window.__swdAltStartedAt = performance.now();
    for (const row of document.querySelectorAll(ROW)) decorate(row);
    window.__swdAltDoneAt = performance.now();
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType !== 1 || node.hasAttribute('data-swd-button')) continue;
          if (node.matches(ROW)) decorate(node);
          else {
            for (const row of node.querySelectorAll(ROW)) decorate(row);
            const row = node.closest(ROW);
            if (row) decorate(row);
          }
        }
        if (record.removedNodes.length && record.target.nodeType === 1) {
          const row = record.target.closest(ROW);
          if (row) decorate(row);
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
  }

  document.addEventListener('DOMContentLoaded', () => setTimeout(start, 0), { once: true });
})();
//# sourceURL=swd-alt-injector.js
