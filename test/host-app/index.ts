/**
 * Demo host app: a small server-rendered business app standing in for the ISV's product.
 * See README.md for the routes, the DOM contract and the users.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_ROWS, MAX_ROWS, docAt, findDoc, findRecord, specialDocs } from './catalog.ts';
import { DEFAULT_CONFIG, parsePatch, type FileRequest, type HostConfig, type HostConfigPatch, type HostControl } from './control.ts';
import { contentDisposition, contentTypeOf, fileBody } from './files.ts';
import { DOC_TABLE_END, docJson, docRow, frame, page, type PageFrame } from './html.ts';
import { documentsIntro, hostileInner, loginInner, notFoundInner, recordInner, recordsInner } from './pages.ts';
import { SESSION_COOKIE, Sessions, clearedCookie, safeNext, sessionCookie } from './session.ts';
import { DEMO_PASSWORD, findUser, type HostUser } from './users.ts';

export type { FileRequest, HostConfig, HostConfigPatch, HostControl } from './control.ts';
export type { HostUser } from './users.ts';
export { USERS, DEMO_PASSWORD } from './users.ts';
export { SESSION_COOKIE } from './session.ts';

export interface HostApp {
  /** `http://127.0.0.1:PORT` */
  url: string;
  close(): Promise<void>;
  control: HostControl;
}

const STATIC: Record<string, string> = { 'app.js': 'text/javascript', 'hostile.js': 'text/javascript', 'style.css': 'text/css' };

const SECURITY_HEADERS = {
  'Content-Security-Policy': "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

type Req = IncomingMessage & { url: string };

export async function startHostApp(options: { port?: number } = {}): Promise<HostApp> {
  const staticFiles = new Map(
    Object.entries(STATIC).map(([name, type]) => [name, { type, body: readFileSync(new URL(`./public/${name}`, import.meta.url)) }]),
  );
  const sessions = new Sessions();
  let config: HostConfig = { ...DEFAULT_CONFIG };
  let fileLog: FileRequest[] = [];

  const control: HostControl = {
    config: () => ({ ...config }),
    configure(patch) {
      config = { ...config, ...parsePatch(patch) };
      return { ...config };
    },
    reset(opts) {
      config = { ...DEFAULT_CONFIG };
      fileLog = [];
      if (opts?.sessions) sessions.clear();
    },
    fileRequests: () => fileLog.map((r) => ({ ...r })),
    login(userKey) {
      const user = findUser(userKey);
      if (!user) throw new Error(`unknown user: ${userKey}`);
      return { name: SESSION_COOKIE, value: sessions.create(user) };
    },
  };

  function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  }
  function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}) {
    res.writeHead(302, { ...SECURITY_HEADERS, Location: location, 'Content-Type': 'text/plain; charset=utf-8', ...headers });
    res.end(`Redirecting to ${location}\n`);
  }
  function json(res: ServerResponse, status: number, value: unknown) {
    send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
  }
  function toLogin(res: ServerResponse, url: URL) {
    redirect(res, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  /** A full page, or with `?fragment=1` only the inner content of `<main>`. */
  function html(res: ServerResponse, url: URL, status: number, f: PageFrame, inner: string) {
    if (url.searchParams.get('fragment') === '1') {
      send(res, status, 'text/html; charset=utf-8', inner, fragmentHeaders(f));
    } else {
      send(res, status, 'text/html; charset=utf-8', page(f, inner));
    }
  }
  function logIn(res: ServerResponse, req: Req, user: HostUser, next: string | null) {
    sessions.destroy(req);
    redirect(res, safeNext(next), { 'Set-Cookie': sessionCookie(sessions.create(user)) });
  }
  function loginPage(res: ServerResponse, url: URL, status: number, next: string, error?: string, username?: string) {
    html(res, url, status, { page: 'login', title: 'Sign in' }, loginInner({ next, error, username }));
  }

  /** With `stall`, the pause comes after this many rows. */
  const STALL_AFTER_ROWS = 30;

  async function documents(res: ServerResponse, url: URL, user: HostUser) {
    const rows = intParam(url, 'rows', DEFAULT_ROWS, 0, MAX_ROWS);
    // stall=MS: the first rows, then a pause before the rest (a slow server or a long query), so
    // the browser renders the page once while it is still loading.
    const stallMs = intParam(url, 'stall', 0, 0, 5000);
    // headStall=MS: the page up to the list, then a pause before any row (a slow query before the
    // first result): the browser has the page's head and the extension's start-up answers by then,
    // and the rows still arrive in one piece.
    const headStallMs = intParam(url, 'headStall', 0, 0, 5000);
    const special = url.searchParams.get('special') === '1' ? specialDocs(user) : [];
    const f: PageFrame = { page: 'documents', title: 'Documents', user };
    const fragment = url.searchParams.get('fragment') === '1';
    const { head, tail } = fragment ? { head: '', tail: '' } : frame(f);
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', ...(fragment ? fragmentHeaders(f) : {}) });
    let chunk = head + documentsIntro(rows + special.length, special.length > 0);
    if (headStallMs > 0) {
      res.write(chunk);
      chunk = '';
      await new Promise((r) => setTimeout(r, headStallMs));
    }
    for (let n = 1; n <= rows; n++) {
      chunk += docRow(docAt(user, n));
      if (stallMs > 0 && n === Math.min(rows, STALL_AFTER_ROWS)) {
        res.write(chunk);
        chunk = '';
        await new Promise((r) => setTimeout(r, stallMs));
      }
      if (n % 1000 === 0) {
        if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
        chunk = '';
      }
    }
    res.end(chunk + special.map(docRow).join('') + DOC_TABLE_END + tail);
  }

  async function file(req: Req, res: ServerResponse, url: URL, docId: string, fileName: string) {
    const user = sessions.user(req);
    const entry: FileRequest = { at: new Date().toISOString(), method: req.method ?? 'GET', docId, fileName, userId: user?.id ?? null, status: 0, bytes: 0 };
    fileLog.push(entry);
    if (fileLog.length > 1000) fileLog.shift();
    if (config.fileDelayMs > 0) await new Promise((r) => setTimeout(r, config.fileDelayMs));
    const forced = config.fileStatus;
    config.fileStatus = null;
    const doc = user ? findDoc(user, docId) : undefined;
    if (forced !== null && forced !== 200) {
      entry.status = forced;
      if (forced >= 300 && forced < 400) return toLogin(res, url);
      if (forced === 204 || forced === 304) return void res.writeHead(forced, SECURITY_HEADERS).end();
      return send(res, forced, 'text/plain; charset=utf-8', `Simulated error ${forced}\n`);
    }
    if (!user || config.sessionExpired) {
      entry.status = 302;
      return toLogin(res, url);
    }
    if (!doc || doc.fileName !== fileName) {
      entry.status = 404;
      return send(res, 404, 'text/plain; charset=utf-8', 'No such document\n');
    }
    const body = fileBody(doc, user);
    entry.status = 200;
    entry.bytes = body.length;
    send(res, 200, contentTypeOf(doc), body, { 'Content-Disposition': contentDisposition(doc.fileName) });
  }

  async function handle(req: Req, res: ServerResponse) {
    const url = new URL(req.url, 'http://127.0.0.1');
    const path = url.pathname;
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const user = sessions.user(req);

    if (path.startsWith('/__host/')) {
      if (method === 'GET' && path === '/__host/state') return json(res, 200, { config, fileRequests: fileLog });
      if (method !== 'POST') return json(res, 405, { error: 'use POST' });
      let body: unknown;
      try {
        const text = await readBody(req);
        body = text.trim() === '' ? {} : JSON.parse(text);
      } catch {
        return json(res, 400, { error: 'invalid JSON' });
      }
      if (path === '/__host/config') {
        try {
          return json(res, 200, control.configure(body as HostConfigPatch));
        } catch (e) {
          return json(res, 400, { error: (e as Error).message });
        }
      }
      if (path === '/__host/reset') {
        control.reset({ sessions: (body as { sessions?: unknown }).sessions === true });
        return json(res, 200, control.config());
      }
      return json(res, 404, { error: 'unknown control' });
    }

    const staticName = /^\/static\/([a-z.]+)$/.exec(path)?.[1];
    const asset = staticName ? staticFiles.get(staticName) : undefined;
    if (asset && method === 'GET') return send(res, 200, `${asset.type}; charset=utf-8`, asset.body, { 'Cache-Control': 'no-cache' });

    const fileMatch = /^\/files\/([^/]+)\/([^/]+)$/.exec(path);
    if (fileMatch && method === 'GET') {
      const docId = decode(fileMatch[1] ?? '');
      const fileName = decode(fileMatch[2] ?? '');
      if (docId === undefined || fileName === undefined) return send(res, 400, 'text/plain; charset=utf-8', 'Bad file path\n');
      return file(req, res, url, docId, fileName);
    }

    if (path === '/login' && method === 'GET') {
      const as = url.searchParams.get('as');
      const next = url.searchParams.get('next');
      if (as !== null) {
        const asUser = findUser(as);
        if (asUser) return logIn(res, req, asUser, next);
        return loginPage(res, url, 400, safeNext(next), `Unknown user “${as}”.`);
      }
      return loginPage(res, url, 200, safeNext(next));
    }
    if (path === '/login' && method === 'POST') {
      const form = new URLSearchParams(await readBody(req).catch(() => ''));
      const next = form.get('next');
      const quick = form.get('user');
      const named = findUser(quick ?? form.get('username') ?? '');
      if (named && (quick !== null || form.get('password') === DEMO_PASSWORD)) return logIn(res, req, named, next);
      return loginPage(res, url, 401, safeNext(next), 'Unknown username or wrong password.', form.get('username') ?? '');
    }
    if (path === '/logout') {
      sessions.destroy(req);
      return redirect(res, '/login', { 'Set-Cookie': clearedCookie() });
    }
    if (path === '/' && method === 'GET') return redirect(res, user ? '/documents' : '/login');

    if (path === '/api/documents' && method === 'GET') {
      if (!user) return json(res, 401, { error: 'not signed in' });
      const start = intParam(url, 'start', 1, 1, 2 * MAX_ROWS);
      const count = Math.min(intParam(url, 'count', 1, 0, MAX_ROWS), 2 * MAX_ROWS - start + 1);
      return json(res, 200, Array.from({ length: count }, (_, i) => docJson(docAt(user, start + i))));
    }

    const isPage = path === '/documents' || path === '/records' || path === '/hostile' || path.startsWith('/records/');
    if (isPage && method === 'GET') {
      if (!user) return toLogin(res, url);
      if (path === '/documents') return documents(res, url, user);
      if (path === '/records') return html(res, url, 200, { page: 'records', title: 'Records', user }, recordsInner(user));
      if (path === '/hostile')
        return html(res, url, 200, { page: 'hostile', title: 'Shared inbox', user, scripts: ['hostile.js'] }, hostileInner());
      const record = findRecord(user, decode(path.slice('/records/'.length)) ?? '');
      if (record) return html(res, url, 200, { page: 'record', title: record.title, user }, recordInner(record));
      return html(res, url, 404, { page: 'not-found', title: 'Not found', user }, notFoundInner('There is no such record.'));
    }
    if (method !== 'GET' && method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n');
    return html(res, url, 404, { page: 'not-found', title: 'Not found', user }, notFoundInner(`Nothing at ${path}.`));
  }

  const server = createServer((req, res) => {
    handle(req as Req, res).catch((e: unknown) => {
      console.error('[host-app]', e);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error\n');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    control,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function fragmentHeaders(f: PageFrame): Record<string, string> {
  return { 'X-Host-Fragment': '1', 'X-Page': f.page, 'X-Page-Title': encodeURIComponent(f.title) };
}

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

function intParam(url: URL, name: string, fallback: number, min: number, max: number): number {
  const raw = url.searchParams.get(name);
  const n = raw === null || raw.trim() === '' ? NaN : Number(raw);
  return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
