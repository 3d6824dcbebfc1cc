import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Tokens must never be logged. The sign-in core has no reason to print anything at all, so any
// console call in utils/auth or utils/db is a finding (runtime scans are in sign-in/refresh tests).
const ROOTS = ['utils/auth', 'utils/db'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

describe('no logging in the sign-in core', () => {
  it('has no console.* calls', () => {
    const files = ROOTS.flatMap((root) => sources(join(process.cwd(), root)));
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.filter((file) => /\bconsole\s*\.\s*\w+\s*\(/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
