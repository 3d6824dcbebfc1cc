/**
 * Saves HTML snapshots used by the adapter-selector unit tests:
 * `npx tsx test/host-app/save-fixtures.ts` (writes test/host-app/fixtures/*.html).
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { startHostApp } from './index.ts';

/** File name -> [user, path]. The pages are deterministic, so the files only change with the app. */
export const FIXTURES: Readonly<Record<string, readonly [string, string]>> = {
  'documents-emma.html': ['emma', '/documents'],
  'record-r-1.html': ['emma', '/records/r-1'],
  'hostile.html': ['emma', '/hostile'],
};

export async function renderFixtures(): Promise<Map<string, string>> {
  const app = await startHostApp();
  try {
    const out = new Map<string, string>();
    for (const [file, [user, path]] of Object.entries(FIXTURES)) {
      const { name, value } = app.control.login(user);
      const res = await fetch(app.url + path, { headers: { cookie: `${name}=${value}` }, redirect: 'manual' });
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
      out.set(file, await res.text());
    }
    return out;
  } finally {
    await app.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [file, html] of await renderFixtures()) {
    const target = new URL(`./fixtures/${file}`, import.meta.url);
    writeFileSync(target, html);
    console.log(`wrote ${target.pathname} (${html.length} chars)`);
  }
}
