import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

describe('cli.ts', () => {
  it('starts from environment variables, prints one JSON line, stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds-emulator-cli-'));
    const logFile = join(dir, 'log.jsonl');
    const [authPort, euPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'cli.ts')], {
      cwd: root,
      env: {
        ...process.env,
        DS_EMULATOR_PORT: String(authPort),
        DS_EMULATOR_REGION_PORTS: `eu=${euPort}`,
        DS_EMULATOR_LOG: logFile,
        DS_EMULATOR_AUTO_APPROVE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const line = await new Promise<string>((res, rej) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          const nl = stdout.indexOf('\n');
          if (nl >= 0) res(stdout.slice(0, nl));
        });
        child.on('exit', (code) => rej(new Error(`cli exited with ${String(code)}: ${stderr}`)));
      });
      const ready = JSON.parse(line) as { authServerUrl: string; regions: Record<string, string> };
      expect(ready.authServerUrl).toBe(`http://127.0.0.1:${authPort}`);
      expect(ready.regions.eu).toBe(`http://127.0.0.1:${euPort}`);
      expect(Object.keys(ready.regions).sort()).toEqual(['au', 'ca', 'eu', 'na']);

      const state = (await (await fetch(`${ready.authServerUrl}/__emulator/state`)).json()) as { config: { autoApprove: boolean } };
      expect(state.config.autoApprove).toBe(true);
      expect(readFileSync(logFile, 'utf8')).toContain('/__emulator/state');

      const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await expect(fetch(`${ready.authServerUrl}/__emulator/state`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
