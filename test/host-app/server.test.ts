import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHostApp, type HostApp } from './index.ts';
import { SESSION_COOKIE } from './session.ts';
import { get, loginCookie } from './testkit.ts';
import { USERS } from './users.ts';

let app: HostApp;
beforeAll(async () => {
  app = await startHostApp();
});
afterAll(() => app.close());
beforeEach(() => app.control.reset());

describe('startHostApp', () => {
  it('listens on 127.0.0.1 and serves pages on a chosen port too', async () => {
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const probe = await startHostApp();
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const fixed = await startHostApp({ port });
    try {
      expect(fixed.url).toBe(`http://127.0.0.1:${port}`);
      expect((await get(`${fixed.url}/login`)).status).toBe(200);
    } finally {
      await fixed.close();
    }
  });
});

describe('login and session', () => {
  it('redirects anonymous page requests to /login with next', async () => {
    const res = await get(`${app.url}/documents?rows=3`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?next=%2Fdocuments%3Frows%3D3');
    expect((await get(`${app.url}/`)).headers.get('location')).toBe('/login');
  });

  it('shows an accessible login form listing every user', async () => {
    const html = await (await get(`${app.url}/login?next=/records`)).text();
    expect(html).toContain('<label for="login-user">');
    expect(html).toContain('<label for="username">');
    expect(html).toContain('<label for="password">');
    expect(html).toContain('name="next" value="/records"');
    for (const u of USERS) expect(html).toContain(`value="${u.username}"`);
    expect(html).not.toContain('id="current-user"');
  });

  it('logs in by username + password demo with an HttpOnly SameSite=Lax cookie', async () => {
    const body = new URLSearchParams({ username: 'jane', password: 'demo', next: '/records/r-2' });
    const res = await get(`${app.url}/login`, undefined, { method: 'POST', body });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/records/r-2');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[\\w-]{20,};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    const page = await (await get(`${app.url}/records/r-2`, cookie.split(';')[0])).text();
    expect(page).toContain('data-user-id="u-3001"');
  });

  it('logs in with the user select', async () => {
    const res = await get(`${app.url}/login`, undefined, { method: 'POST', body: new URLSearchParams({ user: 'olivia' }) });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/documents');
  });

  it('rejects a wrong password with 401 and keeps the username', async () => {
    const body = new URLSearchParams({ username: 'emma', password: 'nope' });
    const res = await get(`${app.url}/login`, undefined, { method: 'POST', body });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('value="emma"');
  });

  it('GET /login?as= logs in directly and only follows same-origin next paths', async () => {
    const ok = await get(`${app.url}/login?as=liam&next=${encodeURIComponent('/documents?rows=2&event=Send')}`);
    expect(ok.headers.get('location')).toBe('/documents?rows=2&event=Send');
    for (const evil of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/\t/evil.example']) {
      const res = await get(`${app.url}/login?as=liam&next=${encodeURIComponent(evil)}`);
      expect(res.headers.get('location'), evil).toBe('/documents');
    }
    expect((await get(`${app.url}/login?as=nobody`)).status).toBe(400);
  });

  it('logout ends the session', async () => {
    const cookie = await loginCookie(app.url, 'emma');
    expect((await get(`${app.url}/documents`, cookie)).status).toBe(200);
    const out = await get(`${app.url}/logout`, cookie);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await get(`${app.url}/documents`, cookie)).status).toBe(302);
  });

  it('ignores forged cookies', async () => {
    expect((await get(`${app.url}/documents`, `${SESSION_COOKIE}=forged`)).status).toBe(302);
  });
});

describe('controls', () => {
  const post = (path: string, body?: unknown) =>
    fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? '' : JSON.stringify(body) });

  it('POST /__host/config merges and validates, /__host/reset restores', async () => {
    const res = await post('/__host/config', { sessionExpired: true, fileStatus: 503 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sessionExpired: true, fileStatus: 503, fileDelayMs: 0 });
    expect(app.control.config().sessionExpired).toBe(true);
    expect((await post('/__host/config', { fileStatus: 42 })).status).toBe(400);
    expect((await post('/__host/config', { bogus: 1 })).status).toBe(400);
    expect((await post('/__host/config', [1])).status).toBe(400);
    expect((await fetch(`${app.url}/__host/config`, { method: 'POST', body: '{' })).status).toBe(400);
    expect(await (await post('/__host/reset')).json()).toEqual({ sessionExpired: false, fileStatus: null, fileDelayMs: 0 });
    expect((await fetch(`${app.url}/__host/config`)).status).toBe(405);
  });

  it('reset with sessions:true logs everybody out; control.login gives a usable cookie', async () => {
    const { name, value } = app.control.login('u-5001');
    const cookie = `${name}=${value}`;
    expect(await (await get(`${app.url}/records`, cookie)).text()).toContain('data-user-id="u-5001"');
    await post('/__host/reset', {});
    expect((await get(`${app.url}/records`, cookie)).status).toBe(200);
    await post('/__host/reset', { sessions: true });
    expect((await get(`${app.url}/records`, cookie)).status).toBe(302);
    expect(() => app.control.login('nobody')).toThrow();
  });

  it('GET /__host/state shows config and the download log', async () => {
    const cookie = await loginCookie(app.url, 'emma');
    await get(`${app.url}/files/d-3/Mutual%20NDA.pdf`, cookie);
    const state = (await (await fetch(`${app.url}/__host/state`)).json()) as { fileRequests: { docId: string; status: number; userId: string }[] };
    expect(state.fileRequests).toMatchObject([{ docId: 'd-3', status: 200, userId: 'u-1001' }]);
  });
});

describe('fragments, API, static files, errors', () => {
  it('?fragment=1 returns only the inner content of <main>', async () => {
    const cookie = await loginCookie(app.url, 'emma');
    const res = await get(`${app.url}/records/r-1?fragment=1`, cookie);
    expect(res.headers.get('x-host-fragment')).toBe('1');
    expect(res.headers.get('x-page')).toBe('record');
    expect(decodeURIComponent(res.headers.get('x-page-title') ?? '')).toBe('Kunde GmbH – Renewal 2027');
    const html = await res.text();
    expect(html).toMatch(/^<p class="breadcrumb">/);
    expect(html).toContain('<section class="record" data-record-id="r-1">');
    expect(html).not.toMatch(/<main|<html|<head|current-user/);
    const docs = await (await get(`${app.url}/documents?rows=2&fragment=1`, cookie)).text();
    expect(docs.startsWith('<h1>Documents</h1>')).toBe(true);
    expect(docs).not.toContain('<main');
    // an expired session during SPA navigation: a redirect the script follows with a full load
    expect((await get(`${app.url}/records?fragment=1`)).status).toBe(302);
  });

  it('GET /api/documents gives rows as JSON (401 without session)', async () => {
    expect((await get(`${app.url}/api/documents?start=13&count=2`)).status).toBe(401);
    const cookie = await loginCookie(app.url, 'emma');
    const rows = (await (await get(`${app.url}/api/documents?start=13&count=2`, cookie)).json()) as { docId: string; href: string }[];
    expect(rows.map((r) => r.docId)).toEqual(['d-13', 'd-14']);
    expect(rows[0]).toEqual({
      docId: 'd-13', href: '/files/d-13/Master%20Services%20Agreement%20v2.pdf', fileName: 'Master Services Agreement v2.pdf',
      fileType: 'pdf', size: expect.stringMatching(/^\d+ KB$/), contactName: 'Anna Weiß', contactEmail: 'anna.weiss@nordlicht.example',
    });
  });

  it('serves the script and stylesheet, sends a CSP, and answers 404 for unknown things', async () => {
    const js = await get(`${app.url}/static/app.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await js.text()).toContain('window.hostApp');
    expect((await get(`${app.url}/static/style.css`)).headers.get('content-type')).toMatch(/^text\/css/);
    expect((await get(`${app.url}/login`)).headers.get('content-security-policy')).toContain("script-src 'self'");
    const cookie = await loginCookie(app.url, 'emma');
    expect((await get(`${app.url}/nowhere`, cookie)).status).toBe(404);
    expect((await get(`${app.url}/records/r-99`, cookie)).status).toBe(404);
    expect((await get(`${app.url}/records/%E0%A4%A`, cookie)).status).toBe(404);
    expect((await get(`${app.url}/static/missing.js`)).status).toBe(404);
  });
});
