/**
 * `npm test`: every stage in order, stopping at the first failure, then one closing line
 * "tests: N passed, M failed" summed over the vitest runs.
 *   1. type check   2. unit + node tests (extension logic, emulator, host app, admin CLI)
 *   3. production builds (chrome-mv3, firefox)   4. browser tests in real Chromium
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(root, 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

let passed = 0;
let failed = 0;

function run(title: string, command: string, args: string[]): boolean {
  const started = Date.now();
  console.log(`\n== ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  console.log(`== ${title}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds}s`);
  return ok;
}

function vitest(title: string, projects: string[], file: string): boolean {
  const out = path.join(resultsDir, file);
  const args = ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${out}`];
  const ok = run(title, 'npx', args);
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
    passed += report.numPassedTests;
    failed += report.numFailedTests + report.numPendingTests + report.numTodoTests;
  } else if (!ok) {
    failed += 1;
  }
  return ok;
}

const ok =
  run('type check', 'npx', ['tsc', '--noEmit']) &&
  vitest('unit and node tests', ['unit', 'node'], 'unit.json') &&
  run('production builds', 'npm', ['run', 'build']) &&
  vitest('browser tests (Chromium)', ['e2e'], 'e2e.json');

console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
