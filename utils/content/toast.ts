import type { Ctx } from './scope';

const TOAST_CSS = `
:host { all: initial; position: fixed; z-index: 2147483646; right: 16px; bottom: 16px; }
.toast {
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  max-width: 420px; padding: 12px 40px 12px 14px; border-radius: 8px; position: relative;
  background: #ffffff; color: #1b1b1b; border: 1px solid #8a8a8a; border-left: 6px solid #1d3b8b;
  box-shadow: 0 6px 24px rgba(0,0,0,.18);
}
.toast[data-kind="error"] { border-left-color: #b3261e; }
.toast[data-kind="success"] { border-left-color: #1e7a34; }
.title { font-weight: 600; margin: 0 0 2px; }
.action { margin-top: 8px; font: 500 13px/1.2 system-ui, sans-serif; padding: 6px 10px; border-radius: 6px;
  border: 1px solid #1d3b8b; background: #1d3b8b; color: #fff; cursor: pointer; }
.action:focus-visible { outline: 3px solid #f2b705; outline-offset: 2px; }
.close { position: absolute; top: 6px; right: 6px; border: 0; background: transparent; color: inherit;
  font-size: 18px; line-height: 1; padding: 4px 8px; border-radius: 4px; cursor: pointer; }
.close:focus-visible { outline: 3px solid #f2b705; }
@media (prefers-color-scheme: dark) { .toast { background: #1f1f1f; color: #f1f1f1; border-color: #777; } }
`;

export interface ToastAction {
  label: string;
  run: () => void;
}

export interface Toaster {
  show(kind: 'info' | 'success' | 'error', title: string, body?: string, action?: ToastAction): void;
}

/**
 * One toast area per page, in its own shadow root, created on first use. Errors are announced
 * assertively (role=alert), everything else politely (role=status). Text only, never markup.
 */
export function createToaster(ctx: Ctx): Toaster {
  let host: HTMLElement | null = null;
  let box: HTMLDivElement | null = null;
  let hideTimer = 0;
  ctx.onInvalidated(() => host?.remove());
  return {
    show(kind, title, body, action) {
      if (!host || !host.isConnected) {
        host = document.createElement('div');
        host.setAttribute('data-swd-toast', '');
        const root = host.attachShadow({ mode: 'open' });
        const style = document.createElement('style');
        style.textContent = TOAST_CSS;
        box = document.createElement('div');
        box.className = 'toast';
        root.append(style, box);
        document.body.append(host);
      }
      const el = box!;
      el.replaceChildren();
      el.dataset.kind = kind;
      el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
      const titleEl = document.createElement('p');
      titleEl.className = 'title';
      titleEl.textContent = title;
      el.append(titleEl);
      if (body) {
        const bodyEl = document.createElement('p');
        bodyEl.style.margin = '0';
        bodyEl.textContent = body;
        el.append(bodyEl);
      }
      if (action) {
        const actionButton = document.createElement('button');
        actionButton.type = 'button';
        actionButton.className = 'action';
        actionButton.textContent = action.label;
        actionButton.addEventListener('click', (event) => {
          if (!event.isTrusted) return;
          host?.remove();
          action.run();
        });
        el.append(actionButton);
      }
      const close = document.createElement('button');
      close.className = 'close';
      close.type = 'button';
      close.setAttribute('aria-label', 'Dismiss');
      close.textContent = '×';
      close.addEventListener('click', () => host?.remove());
      el.append(close);
      clearTimeout(hideTimer);
      // Errors stay until dismissed; information fades after a while.
      if (kind !== 'error') hideTimer = ctx.setTimeout(() => host?.remove(), 8000);
    },
  };
}
