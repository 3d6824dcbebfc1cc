// Hostile page script: tries to make the extension act on forged input.
// Every attempt increments window.__hostileAttempts (details in window.__hostileDetail).
(() => {
  'use strict';
  const detail = { postMessages: 0, syntheticClicks: 0, syntheticKeys: 0, customEvents: 0, ticks: 0 };
  window.__hostileAttempts = 0;
  window.__hostileDetail = detail;

  function count(kind) {
    detail[kind]++;
    window.__hostileAttempts++;
    const out = document.getElementById('hostile-count');
    if (out) out.textContent = String(window.__hostileAttempts);
  }

  // Messages shaped like an extension's page <-> content-script protocol.
  const FORGED = [
    { type: 'swd:send', docId: 'd-1' },
    { type: 'swd:send', docId: 'h-4', url: 'http://127.0.0.2:9/evil.pdf', fileName: 'evil.pdf' },
    { type: 'swd:send', docId: 'd-1', recipients: [{ name: 'Mallory', email: 'mallory@evil.example' }], mode: 'direct' },
    { type: 'swd:select-profile', profileId: 'attacker-profile' },
    { type: 'swd:get-token' },
    { type: 'swd:sign-in', prompt: 'login' },
    { source: 'send-with-docusign', type: 'send', payload: { docId: 'd-1' } },
  ];

  function forgeMessages() {
    for (const msg of FORGED) {
      window.postMessage(msg, '*');
      count('postMessages');
    }
    document.dispatchEvent(new CustomEvent('swd:send', { bubbles: true, detail: { docId: 'd-1' } }));
    count('customEvents');
  }

  function targets() {
    const list = [];
    for (const node of document.querySelectorAll('.doc-actions *')) {
      list.push(node);
      // An open shadow root would let us reach the real button; a closed one does not.
      if (node.shadowRoot) list.push(...node.shadowRoot.querySelectorAll('*'));
    }
    return list;
  }

  function clickEverything() {
    for (const node of targets()) {
      node.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, view: window }));
      count('syntheticClicks');
      if (node instanceof HTMLElement && typeof node.click === 'function') {
        node.click();
        count('syntheticClicks');
      }
      node.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, composed: true }));
      count('syntheticKeys');
    }
  }

  function tick() {
    detail.ticks++;
    forgeMessages();
    clickEverything();
  }

  tick();
  window.__hostileTimer = setInterval(tick, 300);
})();
