import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURES, renderFixtures } from './save-fixtures.ts';

describe('fixtures', () => {
  it('fixtures/*.html match the current pages (else run: npx tsx test/host-app/save-fixtures.ts)', async () => {
    const pages = await renderFixtures();
    expect([...pages.keys()]).toEqual(Object.keys(FIXTURES));
    for (const [file, html] of pages) {
      expect(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8'), file).toBe(html);
    }
  });
});

describe('cli.ts', () => {
  it('prints {url} when ready, serves, and exits 0 on SIGTERM', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/host-app/cli.ts'], {
      cwd: root,
      env: { ...process.env, HOST_APP_PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited early: ${code}`)));
      });
      const { url } = JSON.parse(line) as { url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${url}/login`)).status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
