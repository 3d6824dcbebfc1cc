import type { ButtonTarget } from '../messaging/content-protocol';
import type { ButtonWidth } from '../button-width';
import { t } from '../i18n';
import { adoptButtonStyles } from './button-styles';

/** Attribute on our host element; also how a newer script instance finds stale buttons. */
export const BUTTON_HOST_ATTR = 'data-swd-button';

export interface ButtonBadge {
  kind: 'working' | 'queued' | 'draft' | 'sent' | 'cancelled' | 'failed';
  text: string;
  title?: string;
  /** Failed sends offer a retry. */
  onRetry?: () => void;
}

export interface SendButton {
  host: HTMLElement;
  /** What a (trusted) click does: set once the button is placed (pooled buttons are built before). */
  setActivate(onActivate: (event: MouseEvent) => void): void;
  setTarget(target: ButtonTarget | null, documentName: string): void;
  setBusy(busy: boolean): void;
  setBadge(badge: ButtonBadge | null): void;
  /**
   * The host's width with the key of the labels it shows, and whether their text is cut short
   * ("via Acme E…": by a narrow cell, or by a width sizeButtons fixed); null while a badge shows or
   * the button is not in the page. Uncut and unfixed, it is the width its labels set, for
   * sizeButtons on later loads. Reads layout: call it when layout is clean.
   */
  measure(): (ButtonWidth & { cut: boolean }) | null;
}

/** What every button shows for one target; computed once per target, not once per row. */
interface Labels {
  status: ButtonTarget['status'];
  text: string;
  where: string;
  disabled: 'true' | 'false';
  description: (documentName: string) => string;
}

const labelCache = new WeakMap<ButtonTarget, Labels>();
let neutralLabels: Labels | undefined;

/**
 * What the buttons show for `target`, as one string: equal keys, equal button widths (in one
 * browser; a new language or another target's labels make a new key).
 */
export function buttonLabelKey(target: ButtonTarget | null): string {
  return keyOf(labelsFor(target));
}

const keyOf = (labels: Labels) => `${labels.status}\n${labels.text}\n${labels.where}`;

function labelsFor(target: ButtonTarget | null): Labels {
  if (!target) return (neutralLabels ??= computeLabels(null));
  let labels = labelCache.get(target);
  if (!labels) {
    labels = computeLabels(target);
    labelCache.set(target, labels);
  }
  return labels;
}

/** Stands for the document name in a message fetched once per target (U+E000, private use). */
const DOC = '\uE000';

/** `t(key, [name, ...rest])` for every document name from one i18n call (one per row would add up). */
function perDocument(key: Parameters<typeof t>[0], rest: string[] = []): (documentName: string) => string {
  const parts = t(key, [DOC, ...rest]).split(DOC);
  if (parts.length !== 2) return (doc) => t(key, [doc, ...rest]);
  const [before, after] = parts as [string, string];
  return (doc) => before + doc + after;
}

function computeLabels(target: ButtonTarget | null): Labels {
  const status = target?.status ?? 'ready';
  const disabled = status === 'ready' || status === 'sign-in' || status === 'choose' ? 'false' : 'true';
  switch (status) {
    case 'ready': {
      const profile = target?.profileLabel;
      if (!profile) return { status, text: t('buttonSend'), where: '', disabled, description: perDocument('buttonSendDocument') };
      const email = target?.docusignEmail;
      return {
        status,
        text: t('buttonSend'),
        where: ` ${t('buttonWhere', [profile, target?.environmentLabel ?? ''])}`,
        disabled,
        description: email ? perDocument('buttonReadyDescriptionSignedIn', [profile, email]) : perDocument('buttonReadyDescription', [profile]),
      };
    }
    case 'sign-in': {
      const description = t('buttonSignInDescription', [target?.profileLabel ?? 'DocuSign']);
      return {
        status,
        text: t('buttonSignIn'),
        where: target?.profileLabel ? ` ${t('buttonForProfile', [target.profileLabel])}` : '',
        disabled,
        description: () => description,
      };
    }
    case 'choose': {
      const description = target?.message ?? t('targetChoose');
      return { status, text: t('buttonChoose'), where: '', disabled, description: () => description };
    }
    case 'denied':
    case 'unconfigured':
    case 'no-user': {
      const text = t('buttonUnavailable');
      const description = target?.message ?? text;
      return { status, text, where: '', disabled, description: () => description };
    }
  }
}

const templates = new WeakMap<Labels, DocumentFragment>();

/**
 * The shadow content of a button already labelled for one target, built once per target and
 * cloned: a row the app inserts costs one clone and no label writes (in the MutationObserver
 * callback, right after the host's own DOM work, each DOM call counts).
 */
function buttonTemplate(labels: Labels): DocumentFragment {
  const cached = templates.get(labels);
  if (cached && cached.ownerDocument === document) return cached;
  const fragment = document.createDocumentFragment();
  const button = document.createElement('button');
  button.type = 'button';
  button.dataset.status = labels.status;
  button.setAttribute('aria-disabled', labels.disabled);
  const label = document.createElement('span');
  label.textContent = labels.text;
  const where = document.createElement('span');
  where.className = 'where';
  where.textContent = labels.where;
  button.append(label, where);
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.hidden = true;
  // Polite announcement of state changes (Sent, Failed …) for screen readers.
  badge.setAttribute('role', 'status');
  fragment.append(button, badge);
  templates.set(labels, fragment);
  return fragment;
}

/** A host element with a clonable shadow root per target, or null where cloning drops the root. */
const hostTemplates = new WeakMap<Labels, HTMLElement>();
let clonableRoots: boolean | undefined;

function newShadowHost(init: ShadowRootInit): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement('span');
  host.setAttribute(BUTTON_HOST_ATTR, '');
  return { host, root: host.attachShadow(init) };
}

/**
 * Our host element with its shadow root, filled for `labels` and styled. One `cloneNode` of a
 * host whose shadow root is clonable copies the element, its attribute, the root and its content
 * in one call. Measured for 80 buttons (the first pass on the demo page): 4.3 instead of 4.8 ms in
 * a fresh isolated world like a content script's (median of 60), 2.7 instead of 4.4 ms in a page's
 * own world; the DOMContentLoaded handler on the 10,000-row page took a median 8.6 ms against
 * 10.4 and 9.1 ms in two runs of 16 and 20 traced loads (test/bench/work-ab.ts). Where the clone
 * comes back without a root (browsers before `clonable`), each host is built.
 *
 * A clonable root means that a host app cloning a row copies our button too (before, it copied
 * the bare host element): the injector removes any host element it did not make either way.
 */
function newButtonHost(labels: Labels): { host: HTMLElement; root: ShadowRoot } {
  if (clonableRoots !== false) {
    let template = hostTemplates.get(labels);
    if (!template || template.ownerDocument !== document) {
      // Open, not closed: a closed root would not stop a hostile page (it owns the DOM around us
      // and could overlay anything), but would hide the button from accessibility tooling and
      // tests. What protects sends is the isTrusted check in createSendButton.
      const made = newShadowHost({ mode: 'open', clonable: true });
      made.root.append(buttonTemplate(labels).cloneNode(true));
      template = made.host;
      hostTemplates.set(labels, template);
    }
    const host = template.cloneNode(true) as HTMLElement;
    const root = host.shadowRoot;
    clonableRoots = root !== null;
    if (root) {
      adoptButtonStyles(root);
      return { host, root };
    }
  }
  const built = newShadowHost({ mode: 'open' });
  built.root.append(buttonTemplate(labels).cloneNode(true));
  adoptButtonStyles(built.root);
  return built;
}

/**
 * One button in its own shadow root (styles shared through one constructed stylesheet), labelled
 * for `target` from the start. Text only goes in through textContent and attributes: page-provided
 * names can never become markup here. Every setter writes to the DOM only when something changed:
 * on a long host page each write that changes a button's size costs the host a relayout.
 */
export function createSendButton(
  onActivate: (event: MouseEvent) => void = () => undefined,
  target: ButtonTarget | null = null,
  documentName = '',
): SendButton {
  let shown = labelsFor(target);
  const { host, root } = newButtonHost(shown);
  // Last two children: a <style> copy may come first where constructed sheets are refused.
  const badge = root.lastElementChild as HTMLSpanElement;
  const button = badge.previousElementSibling as HTMLButtonElement;
  const label = button.firstElementChild as HTMLSpanElement;
  const where = button.lastElementChild as HTMLSpanElement;
  let activate = onActivate;
  button.addEventListener('click', (event) => {
    // Synthetic clicks dispatched by the page (isTrusted false) never start anything.
    if (!event.isTrusted) return;
    event.preventDefault();
    event.stopPropagation();
    activate(event);
  });

  let shownDescription: string | undefined;
  const describe = (labels: Labels, documentName: string) => {
    const description = labels.description(documentName) || labels.text;
    if (description !== shownDescription) {
      button.title = description;
      button.setAttribute('aria-label', description);
      shownDescription = description;
    }
  };
  describe(shown, documentName);
  const setTarget = (target: ButtonTarget | null, documentName: string) => {
    const labels = labelsFor(target);
    if (labels !== shown) {
      if (labels.status !== shown.status) button.dataset.status = labels.status;
      if (labels.text !== shown.text) label.textContent = labels.text;
      if (labels.where !== shown.where) where.textContent = labels.where;
      if (labels.disabled !== shown.disabled) button.setAttribute('aria-disabled', labels.disabled);
      shown = labels;
    }
    describe(labels, documentName);
  };
  let busy: boolean | undefined;
  return {
    host,
    setActivate(next) {
      activate = next;
    },
    setTarget,
    setBusy(next) {
      if (next === busy) return;
      busy = next;
      button.setAttribute('aria-busy', next ? 'true' : 'false');
    },
    setBadge(next) {
      if (!next && badge.hidden) return;
      badge.replaceChildren();
      badge.hidden = !next;
      // The badge takes the place of the "via …" part (button-styles.ts).
      button.toggleAttribute('data-badge', next !== null);
      if (!next) return;
      badge.dataset.kind = next.kind;
      const text = document.createElement('span');
      text.textContent = next.text;
      badge.append(text);
      badge.title = next.title ?? next.text;
      if (next.onRetry) {
        const retry = document.createElement('button');
        retry.type = 'button';
        retry.className = 'retry';
        retry.textContent = t('badgeRetry');
        const onRetry = next.onRetry;
        retry.addEventListener('click', (event) => {
          if (!event.isTrusted) return;
          onRetry();
        });
        badge.append(retry);
      }
    },
    measure() {
      if (!badge.hidden || !host.isConnected) return null;
      const px = host.getBoundingClientRect().width;
      if (!(px > 0)) return null;
      const cut = where.scrollWidth > where.clientWidth || label.scrollWidth > label.clientWidth;
      return { labelKey: keyOf(shown), px, cut };
    },
  };
}
