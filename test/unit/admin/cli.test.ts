import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../utils/admin/policy-cli';
import { validatePolicy } from '../../../utils/config/validate';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'policy');
const EXAMPLE = join(FIXTURES, 'example-policy.json');
const INVALID = join(FIXTURES, 'invalid-policy.json');
const WARNINGS = join(FIXTURES, 'one-key-per-user-policy.json');
const TMP = mkdtempSync(join(tmpdir(), 'swd-policy-cli-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** The real CLI, as `npm run policy -- ...` runs it. */
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'utils', 'admin', 'policy-cli.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** In-process, for the cheaper cases. */
function run(args: string[], files: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const written = new Map<string, Uint8Array>();
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: (p) => {
      if (p in files) return files[p] ?? '';
      return readFileSync(p, 'utf8');
    },
    writeFile: (p, d) => written.set(p, d),
    writeStdout: (d) => (stdout += new TextDecoder().decode(d)),
  };
  const code = runCli(args, io);
  return { code, stdout, stderr, written };
}

describe('npm run policy (spawned)', () => {
  it('lint: valid policy exits 0', () => {
    const r = cli('lint', EXAMPLE);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`${EXAMPLE}: valid.`);
  });

  it('lint: invalid policy exits 1 with one line per problem', () => {
    const r = cli('lint', INVALID);
    expect(r.code).toBe(1);
    const expected = validatePolicy(JSON.parse(readFileSync(INVALID, 'utf8'))).rejected;
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(expected.length);
    expect(lines.every((l) => l.startsWith('error: '))).toBe(true);
    expect(lines[0]).toBe(
      'error: profiles[1].environment: environment "http://auth.acme.example" uses plain http on a non-loopback host; use https (http is only allowed on 127.0.0.0/8, [::1] and localhost, for tests). This profile is not applied.',
    );
    expect(r.stdout).toContain('error: routingRules[1].profiles[0] names profile "acme-ca", which was rejected (see profiles[1])');
    expect(r.stderr).toContain('6 problems');
  });

  it('lint: warnings are printed but exit 0', () => {
    const r = cli('lint', WARNINGS);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('warning: 3 integration keys each serve a single user');
    expect(r.stdout).toContain('route users by account instead');
  });

  it('generate windows-reg --out writes the UTF-16 file', () => {
    const out = join(TMP, 'policy.reg');
    const r = cli('generate', EXAMPLE, '--format', 'windows-reg', '--out', out);
    expect(r.code).toBe(0);
    const bytes = readFileSync(out);
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString('utf16le').startsWith('Windows Registry Editor Version 5.00\r\n')).toBe(true);
    expect(r.stderr).toContain(`wrote ${out}`);
  });

  it('generate refuses an invalid policy (exit 1), usage errors exit 2', () => {
    const r = cli('generate', INVALID, '--format', 'chrome-linux');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error: profiles[2].integrationKey');
    const u = cli('generate', EXAMPLE, '--format', 'pdf');
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('Unknown format "pdf"');
  });
});

describe('policy CLI (in process)', () => {
  it('generate to stdout, each format', () => {
    for (const format of ['chrome-linux', 'google-admin', 'firefox', 'macos-mobileconfig'] as const) {
      const r = run(['generate', EXAMPLE, '--format', format]);
      expect(r.code).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(100);
      expect(r.stderr).toContain('note: ');
    }
    const linux = JSON.parse(run(['generate', EXAMPLE, '--format=chrome-linux', '--update-url', 'https://u.acme.example/x', '--extension-id', 'abcdefghijklmnopabcdefghijklmnop']).stdout);
    expect(linux.ExtensionSettings.abcdefghijklmnopabcdefghijklmnop.update_url).toBe('https://u.acme.example/x');
    expect(JSON.parse(run(['generate', EXAMPLE, '--format', 'chrome-linux', '--no-force-install']).stdout).ExtensionSettings).toBeUndefined();
  });

  it('the generated Linux file re-validates, and passing it to lint explains the mistake', () => {
    const out = run(['generate', EXAMPLE, '--format', 'chrome-linux']).stdout;
    const policy = JSON.parse(out)['3rdparty'].extensions.bihmdpidohpbkmlopegalhijmdkjmanp;
    expect(validatePolicy(policy).rejected).toEqual([]);
    const r = run(['lint', 'linux.json'], { 'linux.json': out });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('looks like a generated policy file; pass the policy object itself');
  });

  it('unreadable or non-JSON input exits 1 with one line', () => {
    const missing = run(['lint', join(TMP, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/^error: cannot read .*nope\.json/);
    const bad = run(['lint', 'bad.json'], { 'bad.json': '{ "profiles": [ }' });
    expect(bad.code).toBe(1);
    expect(bad.stdout.trim().split('\n')).toHaveLength(1);
    expect(bad.stdout).toContain('is not valid JSON');
  });

  it('accepts a UTF-8 BOM (Notepad) in the input', () => {
    const r = run(['lint', 'bom.json'], { 'bom.json': `\uFEFF${readFileSync(EXAMPLE, 'utf8')}` });
    expect(r.code).toBe(0);
  });

  it('usage errors exit 2; help exits 0', () => {
    expect(run([]).code).toBe(0);
    expect(run(['--help']).stdout).toContain('Usage:');
    expect(run(['frobnicate']).code).toBe(2);
    expect(run(['lint']).code).toBe(2);
    expect(run(['generate', EXAMPLE]).code).toBe(2);
    expect(run(['generate', EXAMPLE, '--format']).code).toBe(2);
    expect(run(['generate', EXAMPLE, '--format', 'firefox', '--bogus']).code).toBe(2);
    expect(run(['lint', EXAMPLE, '--format', 'firefox']).code).toBe(2);
    expect(run(['generate', EXAMPLE, '--format', 'windows-reg', '--forcelist-index', '0']).code).toBe(2);
  });

  it('generator errors (bad extension id) exit 1', () => {
    const r = run(['generate', EXAMPLE, '--format', 'chrome-linux', '--extension-id', 'xyz']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"xyz" is not a Chromium extension id');
  });

  it('--out writes bytes through the io layer', () => {
    const r = run(['generate', EXAMPLE, '--format', 'firefox', '--out', 'policies.json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(new TextDecoder().decode(r.written.get('policies.json'))).policies['3rdparty']).toBeDefined();
  });

  it('writes the files in the fixtures folder unchanged (sanity: fixtures are JSON)', () => {
    for (const f of [EXAMPLE, INVALID, WARNINGS]) expect(() => JSON.parse(readFileSync(f, 'utf8'))).not.toThrow();
    writeFileSync(join(TMP, 'x.json'), '{}');
    expect(run(['lint', join(TMP, 'x.json')]).code).toBe(0);
  });
});
