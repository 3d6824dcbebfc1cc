/** HTML escaping, the page layout and the document row markup (the extension's DOM contract). */
import { fileHref, formatSize, type HostDoc } from './catalog.ts';
import type { HostUser } from './users.ts';

export const APP_NAME = 'Northwind CRM';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '\r': '&#13;', '\n': '&#10;' };

/** Escapes text and attribute values (always double-quote attributes). */
export function esc(value: string | number): string {
  return String(value).replace(/[&<>"'\r\n]/g, (c) => ESCAPES[c] ?? c);
}

/** One `<tr class="doc-row">`; app.js builds the very same structure for script-added rows. */
export function docRow(doc: HostDoc): string {
  return `<tr class="doc-row" data-doc-id="${esc(doc.id)}"><td class="doc-name"><a class="doc-link" href="${esc(fileHref(doc))}" data-file-name="${esc(doc.fileName)}" data-file-type="${esc(doc.fileType)}">${esc(doc.fileName)}</a></td><td class="doc-size">${esc(formatSize(doc.bytes))}</td><td class="doc-contact" data-contact-name="${esc(doc.contactName)}" data-contact-email="${esc(doc.contactEmail)}">${esc(doc.contactName)}</td><td class="doc-actions"></td></tr>\n`;
}

/** JSON shape of a row for /api/documents (used by app.js). */
export function docJson(doc: HostDoc) {
  return {
    docId: doc.id,
    href: fileHref(doc),
    fileName: doc.fileName,
    fileType: doc.fileType,
    size: formatSize(doc.bytes),
    contactName: doc.contactName,
    contactEmail: doc.contactEmail,
  };
}

export const DOC_TABLE_START = `<table class="doc-table"><thead><tr><th scope="col" class="col-name">Name</th><th scope="col" class="col-size">Size</th><th scope="col" class="col-contact">Contact</th><th scope="col" class="col-actions">Actions</th></tr></thead><tbody id="doc-rows">\n`;
export const DOC_TABLE_END = '</tbody></table>\n';

export interface PageFrame {
  /** Value of `<body data-page>`, also sent as `X-Page` in fragment mode. */
  page: string;
  title: string;
  user?: HostUser;
  /** Extra scripts (paths under /static/). */
  scripts?: readonly string[];
}

function currentUser(u: HostUser): string {
  return `<div id="current-user" data-user-id="${esc(u.id)}" data-email="${esc(u.email)}" data-region="${esc(u.region)}" data-country="${esc(u.country)}" data-department="${esc(u.department)}"><span class="user-name">${esc(u.name)}</span> <span class="user-meta">${esc(u.department)} · ${esc(u.region)}</span> <a class="logout" href="/logout">Sign out</a></div>`;
}

function nav(page: string): string {
  const link = (href: string, id: string, label: string) =>
    `<a href="${href}" data-nav${page === id ? ' aria-current="page"' : ''}>${label}</a>`;
  return `<nav class="app-nav" aria-label="Main">${link('/documents', 'documents', 'Documents')}${link('/records', 'records', 'Records')}</nav>`;
}

/** The page around `<main>`'s inner content, split so that long pages can be streamed. */
export function frame(f: PageFrame): { head: string; tail: string } {
  const scripts = (f.user ? ['app.js', ...(f.scripts ?? [])] : []).map((s) => `<script src="/static/${esc(s)}" defer></script>`).join('');
  const head = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(f.title)} – ${APP_NAME}</title><link rel="stylesheet" href="/static/style.css"><link rel="icon" href="data:,">${scripts}</head>
<body data-page="${esc(f.page)}"><a class="skip-link" href="#main">Skip to content</a>
<header class="app-header"><a class="brand" href="${f.user ? '/documents' : '/login'}"><span class="brand-mark" aria-hidden="true">N</span>${APP_NAME}</a>${f.user ? nav(f.page) + currentUser(f.user) : ''}</header>
<main id="main">`;
  const tail = `</main>
<footer class="app-footer">${APP_NAME} demo · test host application for the Send with DocuSign extension</footer>
</body></html>
`;
  return { head, tail };
}

export function page(f: PageFrame, inner: string): string {
  const { head, tail } = frame(f);
  return head + inner + tail;
}
