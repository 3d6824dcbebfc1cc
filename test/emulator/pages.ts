// Small, plain, accessible HTML pages of the emulator (login, consent, errors, sender view).

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;line-height:1.4}
header{border-bottom:3px solid #4c00ff;margin-bottom:1rem;padding-bottom:.25rem;font-weight:600}
label{display:block;margin:.75rem 0 .25rem}
input[type=email],input[type=password]{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin:1rem .5rem 0 0;padding:.5rem 1rem;font-size:1rem;cursor:pointer}
button.primary{background:#4c00ff;color:#fff;border:0}
.error{color:#b00020;border:1px solid #b00020;padding:.5rem}
.note{color:#555;font-size:.9rem}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.25rem;border-bottom:1px solid #ddd}
`;

export function page(title: string, content: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header>DocuSign emulator</header><main>
<h1>${escapeHtml(title)}</h1>
${content}
</main></body></html>`;
}

export function loginPage(opts: {
  requestId: string;
  appName: string;
  email: string;
  error: string | null;
}): string {
  return page(
    'Log in to DocuSign',
    `<p><strong>${escapeHtml(opts.appName)}</strong> wants to use your DocuSign account.</p>
${opts.error ? `<p class="error" role="alert" id="login-error">${escapeHtml(opts.error)}</p>` : ''}
<form method="post" action="/oauth/login">
<input type="hidden" name="request_id" value="${escapeHtml(opts.requestId)}">
<label for="email">Email address</label>
<input type="email" id="email" name="email" autocomplete="username" required value="${escapeHtml(opts.email)}"${opts.error ? ' aria-describedby="login-error"' : ''}>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit" class="primary">Log in</button>
</form>`,
  );
}

const SCOPE_TEXT: Record<string, string> = {
  signature: 'Create and send envelopes in your DocuSign accounts',
  extended: 'Keep you signed in (extended refresh tokens)',
  cors: 'Call DocuSign from a browser (CORS)',
  openid: 'Know who you are (name and email address)',
};

export function consentPage(opts: {
  requestId: string;
  appName: string;
  userName: string;
  userEmail: string;
  scopes: readonly string[];
}): string {
  const items = opts.scopes.map((s) => `<li><code>${escapeHtml(s)}</code>: ${escapeHtml(SCOPE_TEXT[s] ?? s)}</li>`).join('\n');
  return page(
    'Allow access?',
    `<p>Signed in as <strong>${escapeHtml(opts.userName)}</strong> (${escapeHtml(opts.userEmail)}).</p>
<p><strong>${escapeHtml(opts.appName)}</strong> is requesting permission to:</p>
<ul aria-label="Requested permissions">
${items}
</ul>
<form method="post" action="/oauth/consent">
<input type="hidden" name="request_id" value="${escapeHtml(opts.requestId)}">
<button type="submit" name="decision" value="allow" class="primary">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

export function errorPage(title: string, message: string, detail?: string): string {
  return page(
    title,
    `<p role="alert">${escapeHtml(message)}</p>${detail ? `<p class="note">${escapeHtml(detail)}</p>` : ''}`,
  );
}

export function senderViewPage(opts: {
  token: string;
  emailSubject: string;
  accountName: string;
  documents: Array<{ name: string; fileExtension: string; bytes: number }>;
  recipients: Array<{ kind: string; name: string; email: string; routingOrder: string }>;
  error: string | null;
}): string {
  const docs = opts.documents.length
    ? `<ul>${opts.documents.map((d) => `<li>${escapeHtml(d.name)} (${escapeHtml(d.fileExtension)}, ${d.bytes} bytes)</li>`).join('')}</ul>`
    : '<p>No documents.</p>';
  const recipients = opts.recipients.length
    ? `<table><caption>Recipients</caption><thead><tr><th scope="col">Role</th><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Order</th></tr></thead><tbody>${opts.recipients
        .map(
          (r) =>
            `<tr><td>${escapeHtml(r.kind)}</td><td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.email)}</td><td>${escapeHtml(r.routingOrder)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>No recipients.</p>';
  return page(
    'Prepare and send',
    `<p class="note">Emulated DocuSign sender view (tag and send) for account ${escapeHtml(opts.accountName)}.</p>
${opts.error ? `<p class="error" role="alert">${escapeHtml(opts.error)}</p>` : ''}
<h2>Subject</h2><p id="subject">${escapeHtml(opts.emailSubject || '(no subject)')}</p>
<h2>Documents</h2>${docs}
<h2>Recipients</h2>${recipients}
<form method="post" action="/senderview/${escapeHtml(opts.token)}">
<button type="submit" name="event" value="Send" class="primary">Send</button>
<button type="submit" name="event" value="Save">Save and close</button>
<button type="submit" name="event" value="Cancel">Cancel</button>
</form>`,
  );
}

export function expiredPage(): string {
  return errorPage(
    'This link has expired',
    'This sending session URL has already been used or has expired. Sender view URLs are single-use.',
    'Return to the application and start again.',
  );
}

export function loggedOutPage(): string {
  return page('Signed out', '<p>You are signed out of the DocuSign emulator.</p>');
}
