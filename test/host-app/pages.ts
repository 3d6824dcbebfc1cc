/** Inner `<main>` content of the pages (everything except the streamed documents list). */
import { fileHref, formatSize, hostileDocs, recordsFor, type HostRecord } from './catalog.ts';
import { DOC_TABLE_END, DOC_TABLE_START, docRow, esc } from './html.ts';
import { USERS, type HostUser } from './users.ts';

export function documentsIntro(count: number, special: boolean): string {
  return `<h1>Documents</h1>
<p class="page-intro">${count} document${count === 1 ? '' : 's'} shared with your customers${special ? ', including special test files' : ''}.</p>
${DOC_TABLE_START}`;
}

export function loginInner(opts: { next: string; error?: string; username?: string }): string {
  const next = `<input type="hidden" name="next" value="${esc(opts.next)}">`;
  const options = USERS.map(
    (u) => `<option value="${esc(u.username)}">${esc(u.name)} — ${esc(u.department)}, ${esc(u.region)} (${esc(u.country)})</option>`,
  ).join('');
  const error = opts.error ? `<p class="form-error" role="alert" id="login-error">${esc(opts.error)}</p>` : '';
  return `<section class="card login-card" aria-labelledby="login-title"><h1 id="login-title">Sign in</h1>
<p class="page-intro">Choose a demo user, or enter a username and the password <code>demo</code>.</p>${error}
<form class="login-form" id="quick-login" method="post" action="/login">${next}
<label for="login-user">Demo user</label><select id="login-user" name="user">${options}</select>
<button type="submit" class="button primary">Continue</button></form>
<p class="divider"><span>or</span></p>
<form class="login-form" id="password-login" method="post" action="/login">${next}
<label for="username">Username</label><input id="username" name="username" autocomplete="username" required value="${esc(opts.username ?? '')}"${error ? ' aria-describedby="login-error"' : ''}>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" class="button">Sign in</button></form></section>`;
}

export function recordsInner(user: HostUser): string {
  const rows = recordsFor(user)
    .map(
      (r) =>
        `<tr class="record-row" data-record-id="${esc(r.id)}"><td><a href="/records/${esc(r.id)}" data-nav>${esc(r.title)}</a></td><td>${esc(r.contact.name)}</td><td>${esc(r.stage)}</td><td class="num">${esc(r.value)}</td><td class="num">${r.attachments.length}</td></tr>`,
    )
    .join('\n');
  return `<h1>Records</h1>
<p class="page-intro">Customer records owned by ${esc(user.name)}.</p>
<table class="record-table"><thead><tr><th scope="col">Record</th><th scope="col">Contact</th><th scope="col">Stage</th><th scope="col" class="num">Value</th><th scope="col" class="num">Attachments</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

export function recordInner(r: HostRecord): string {
  const items = r.attachments
    .map(
      (d) =>
        `<li class="attachment" data-doc-id="${esc(d.id)}"><a class="doc-link" href="${esc(fileHref(d))}" data-file-name="${esc(d.fileName)}" data-file-type="${esc(d.fileType)}">${esc(d.fileName)}</a><span class="doc-actions"></span></li>`,
    )
    .join('\n');
  const sizes = r.attachments.reduce((n, d) => n + d.bytes, 0);
  return `<p class="breadcrumb"><a href="/records" data-nav>Records</a> / ${esc(r.id)}</p>
<section class="record" data-record-id="${esc(r.id)}"><h1 class="record-title">${esc(r.title)}</h1>
<div class="contact"><span class="contact-name">${esc(r.contact.name)}</span> <a class="contact-email" href="mailto:${esc(r.contact.email)}">${esc(r.contact.email)}</a></div>
<dl class="record-facts"><div><dt>Company</dt><dd>${esc(r.company)}</dd></div><div><dt>Stage</dt><dd>${esc(r.stage)}</dd></div><div><dt>Value</dt><dd>${esc(r.value)}</dd></div></dl>
<h2 class="section-title">Attachments <span class="muted">(${r.attachments.length}, ${esc(formatSize(sizes))})</span></h2>
<ul class="attachments">
${items}
</ul></section>`;
}

export function hostileInner(): string {
  return `<h1>Shared inbox <span class="muted">(untrusted uploads)</span></h1>
<p class="page-intro">Documents uploaded by external parties. This page tries to trick the extension: forged messages, synthetic clicks, injection strings.</p>
<div class="decoy" data-user-id="u-3001" data-email="jane.doe@acme.example" data-region="NA" hidden><span class="user-name">Jane Doe</span></div>
${DOC_TABLE_START}${hostileDocs().map(docRow).join('')}${DOC_TABLE_END}
<p class="muted" id="hostile-status" aria-live="off">Forgery attempts: <output id="hostile-count">0</output></p>`;
}

export function notFoundInner(what: string): string {
  return `<h1>Not found</h1><p class="page-intro">${esc(what)}</p><p><a href="/documents" data-nav>Back to documents</a></p>`;
}
