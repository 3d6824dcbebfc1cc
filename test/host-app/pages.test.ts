import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileDocs } from './catalog.ts';
import { startHostApp, type HostApp } from './index.ts';
import { get, loginCookie, startTags } from './testkit.ts';
import { USERS } from './users.ts';

let app: HostApp;
const cookies = new Map<string, string>();
beforeAll(async () => {
  app = await startHostApp();
  for (const u of USERS) cookies.set(u.username, await loginCookie(app.url, u.username));
});
afterAll(() => app.close());

async function page(user: string, path: string): Promise<string> {
  const res = await get(app.url + path, cookies.get(user));
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  return res.text();
}

const rowsOf = (html: string) => startTags(html, 'tr', 'doc-row');
const linksOf = (html: string) => startTags(html, 'a', 'doc-link');
const contactsOf = (html: string) => startTags(html, 'td', 'doc-contact');

describe('header: #current-user', () => {
  it.each(USERS.map((u) => [u.username, u] as const))('%s', async (username, u) => {
    const html = await page(username, '/records');
    const [cu] = startTags(html, 'div').filter((a) => a.get('id') === 'current-user');
    expect(Object.fromEntries(cu ?? [])).toEqual({
      id: 'current-user', 'data-user-id': u.id, 'data-email': u.email, 'data-region': u.region, 'data-country': u.country, 'data-department': u.department,
    });
    expect(html).toContain(`<span class="user-name">${u.name}</span>`);
    expect(html).toMatch(/<nav class="app-nav" aria-label="Main"><a href="\/documents" data-nav>Documents<\/a><a href="\/records" data-nav aria-current="page">Records<\/a><\/nav>/);
  });
});

describe('/documents', () => {
  it('renders the DOM contract with 12 default rows mixing PDF and DOCX', async () => {
    const html = await page('emma', '/documents');
    expect(html).toContain('<main id="main"><h1>Documents</h1>');
    expect(html).toContain('<tbody id="doc-rows">');
    expect(html).toContain(
      '<tr class="doc-row" data-doc-id="d-1"><td class="doc-name"><a class="doc-link" href="/files/d-1/Master%20Services%20Agreement.pdf" data-file-name="Master Services Agreement.pdf" data-file-type="pdf">Master Services Agreement.pdf</a></td><td class="doc-size">84 KB</td><td class="doc-contact" data-contact-name="Hans Müller" data-contact-email="hans.mueller@kunde.example">Hans Müller</td><td class="doc-actions"></td></tr>',
    );
    const rows = rowsOf(html);
    expect(rows.map((r) => r.get('data-doc-id'))).toEqual(Array.from({ length: 12 }, (_, i) => `d-${i + 1}`));
    const types = new Set(linksOf(html).map((a) => a.get('data-file-type')));
    expect(types).toEqual(new Set(['pdf', 'docx']));
    expect(html.match(/<td class="doc-actions"><\/td>/g)).toHaveLength(12);
    expect(html).not.toMatch(/<script(?![^>]*src="\/static\/app\.js")/);
  });

  it('rows=N renders N rows (0, 1, 250, clamped at 10000)', async () => {
    for (const n of [0, 1, 250]) expect(rowsOf(await page('jane', `/documents?rows=${n}`))).toHaveLength(n);
    expect(rowsOf(await page('jane', '/documents?rows=abc'))).toHaveLength(12);
  });

  it('streams rows=10000 quickly with lean markup', async () => {
    const t0 = performance.now();
    const html = await page('emma', '/documents?rows=10000');
    const ms = performance.now() - t0;
    const rows = rowsOf(html);
    expect(rows).toHaveLength(10000);
    expect(new Set(rows.map((r) => r.get('data-doc-id'))).size).toBe(10000);
    const clamped = await page('emma', '/documents?rows=20000');
    expect(clamped.includes('data-doc-id="d-10000"') && !clamped.includes('data-doc-id="d-10001"')).toBe(true);
    expect(html.length / 10000).toBeLessThan(600);
    expect(ms).toBeLessThan(3000);
  });

  /** Reads a streamed page: its text, what had arrived when `marker` first did, and how long the rest took. */
  async function readStreamed(url: string, marker: string) {
    const res = await get(url, cookies.get('emma'));
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const t0 = performance.now();
    let text = '';
    let markerAt = -1;
    let atMarker = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (markerAt < 0 && text.includes(marker)) {
        markerAt = performance.now() - t0;
        atMarker = text;
      }
    }
    return { text, markerAt, atMarker, restMs: performance.now() - t0 - markerAt };
  }

  it('stall=MS sends the first 30 rows, pauses, then the rest (a page rendered while it loads)', async () => {
    const page = await readStreamed(`${app.url}/documents?rows=200&stall=400`, 'data-doc-id="d-30"');
    expect(page.markerAt).toBeGreaterThanOrEqual(0);
    expect(page.atMarker).not.toContain('data-doc-id="d-31"');
    expect(page.restMs).toBeGreaterThan(300);
    expect(rowsOf(page.text)).toHaveLength(200);
  });

  it('headStall=MS sends the page up to the list, pauses, then every row', async () => {
    const page = await readStreamed(`${app.url}/documents?rows=200&headStall=400`, 'id="current-user"');
    expect(page.markerAt).toBeGreaterThanOrEqual(0);
    expect(page.atMarker).not.toContain('data-doc-id=');
    expect(page.restMs).toBeGreaterThan(300);
    expect(rowsOf(page.text)).toHaveLength(200);
  });

  it('shows local contacts for each user region', async () => {
    const domains = new Map(
      await Promise.all(USERS.map(async (u) => [u.username, contactsOf(await page(u.username, '/documents')).map((c) => c.get('data-contact-email'))] as const)),
    );
    expect(domains.get('emma')).toContain('hans.mueller@kunde.example');
    expect(domains.get('sam')).toContain('elodie.lefevre@lumiere.example');
    expect(domains.get('liam')).toContain('jf.cote@boreal-energie.example');
    expect(domains.get('jane')).toContain('michael.johnson@blueridge.example');
    expect(domains.get('olivia')).toContain('jack.thompson@southerncross.example');
  });

  it('special=1 adds the special documents, with the odd name safely escaped', async () => {
    const html = await page('emma', '/documents?rows=2&special=1');
    const ids = rowsOf(html).map((r) => r.get('data-doc-id'));
    expect(ids).toEqual(['d-1', 'd-2', 'big-30mb', 'too-big', 'empty', 'unsupported', 'odd-name']);
    const links = linksOf(html);
    expect(links.find((a) => a.get('data-file-type') === 'exe')?.get('data-file-name')).toBe('Setup Assistant.exe');
    const odd = links.at(-1);
    expect(odd?.get('data-file-name')).toBe(`Offer "Final" – Zoë's Über-Deal 🚀 <b>v2</b>.pdf`);
    expect(html).not.toContain('<b>v2</b>');
    expect(html).toContain('&lt;b&gt;v2&lt;/b&gt;');
  });

  it('renders normally with the DocuSign return parameters', async () => {
    const html = await page('emma', '/documents?rows=3&event=Send&envelopeId=abc');
    expect(rowsOf(html)).toHaveLength(3);
  });
});

describe('/records', () => {
  it('lists records and renders the record contract', async () => {
    expect(await page('emma', '/records')).toContain('<a href="/records/r-1" data-nav>Kunde GmbH – Renewal 2027</a>');
    const html = await page('emma', '/records/r-1');
    expect(html).toContain('<section class="record" data-record-id="r-1"><h1 class="record-title">Kunde GmbH – Renewal 2027</h1>');
    expect(html).toContain(
      '<div class="contact"><span class="contact-name">Hans Müller</span> <a class="contact-email" href="mailto:hans.mueller@kunde.example">hans.mueller@kunde.example</a></div>',
    );
    expect(html).toContain(
      '<li class="attachment" data-doc-id="d-1"><a class="doc-link" href="/files/d-1/Master%20Services%20Agreement.pdf" data-file-name="Master Services Agreement.pdf" data-file-type="pdf">Master Services Agreement.pdf</a><span class="doc-actions"></span></li>',
    );
    expect(startTags(html, 'li', 'attachment').map((a) => a.get('data-doc-id'))).toEqual(['d-1', 'd-4', 'd-7']);
  });

  it('every user has five records with attachments', async () => {
    for (const u of USERS) {
      for (let i = 1; i <= 5; i++) {
        const html = await page(u.username, `/records/r-${i}`);
        expect(startTags(html, 'li', 'attachment').length).toBeGreaterThanOrEqual(2);
      }
    }
  });
});

describe('/hostile', () => {
  it('keeps every attack string as text or attribute data', async () => {
    const html = await page('emma', '/hostile');
    // the page's only scripts are its own files
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual([
      '<script src="/static/app.js" defer>',
      '<script src="/static/hostile.js" defer>',
    ]);
    expect(html).not.toMatch(/<img|<svg|<script>|onerror=alert\(1\)>|<b>/);
    const docs = hostileDocs();
    const rows = rowsOf(html);
    expect(rows.map((r) => r.get('data-doc-id'))).toEqual(docs.map((d) => d.id));
    const links = linksOf(html);
    const contacts = contactsOf(html);
    docs.forEach((d, i) => {
      expect(links[i]?.get('data-file-name')).toBe(d.fileName);
      expect(contacts[i]?.get('data-contact-name')).toBe(d.contactName);
      expect(contacts[i]?.get('data-contact-email')).toBe(d.contactEmail);
    });
    expect(links.map((a) => a.get('href'))).toContain('javascript:alert(1)');
    expect(links.map((a) => a.get('href'))).toContain('http://127.0.0.2:9/evil.pdf');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;.pdf</a>');
  });

  it('serves the forging script', async () => {
    const js = await (await get(`${app.url}/static/hostile.js`)).text();
    expect(js).toContain('window.__hostileAttempts');
    expect(js).toContain("type: 'swd:send', docId: 'd-1'");
    expect(js).toContain("new MouseEvent('click'");
    expect(js).toContain('setInterval(tick, 300)');
  });
});
