import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** WCAG contrast of the colour pairs components/ui.css uses, light and dark. */
const css = readFileSync(path.resolve(import.meta.dirname, '../../../components/ui.css'), 'utf8');

function vars(block: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of block.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-f]{6})\s*;/gi)) out[m[1] as string] = m[2] as string;
  return out;
}

const light = vars(/:root\s*\{([\s\S]*?)\n\}/.exec(css)?.[1] ?? '');
const dark = { ...light, ...vars(/prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{([\s\S]*?)\n {2}\}/.exec(css)?.[1] ?? '') };

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

const TEXT_PAIRS: Array<[string, string]> = [
  ['text', 'bg'],
  ['text', 'surface'],
  ['text', 'surface-2'],
  ['muted', 'bg'],
  ['muted', 'surface'],
  ['muted', 'surface-2'],
  ['link', 'bg'],
  ['link', 'surface'],
  ['link', 'surface-2'],
  ['link', 'info-bg'],
  ['accent-text', 'accent'],
  ['danger', 'surface'],
  ['danger-text', 'danger'],
  ['text', 'info-bg'],
  ['text', 'warn-bg'],
  ['text', 'error-bg'],
  ['text', 'success-bg'],
  ['muted', 'info-bg'],
  ['muted', 'warn-bg'],
  ['muted', 'error-bg'],
  ['error-text', 'error-bg'],
  ['error-text', 'surface'],
  ['error-text', 'bg'],
  ['warn-text', 'bg'],
  ['warn-text', 'surface'],
  ['ok-text', 'bg'],
  ['ok-text', 'surface'],
  ['badge-policy-text', 'badge-policy-bg'],
  ['badge-local-text', 'badge-local-bg'],
  ['badge-default-text', 'badge-default-bg'],
  ['tag-text', 'tag-bg'],
];
// Non-text: focus ring and input borders need 3:1 (WCAG 1.4.11).
const UI_PAIRS: Array<[string, string]> = [
  ['focus', 'bg'],
  ['focus', 'surface'],
  ['border', 'surface'],
  ['error-border', 'surface'],
];

describe.each([
  ['light', light],
  ['dark', dark],
])('%s colours', (_name, palette) => {
  it.each(TEXT_PAIRS)('%s on %s has at least 4.5:1', (fg, bg) => {
    expect(palette[fg], fg).toBeDefined();
    expect(palette[bg], bg).toBeDefined();
    expect(contrast(palette[fg] as string, palette[bg] as string)).toBeGreaterThanOrEqual(4.5);
  });
  it.each(UI_PAIRS)('%s against %s has at least 3:1', (fg, bg) => {
    expect(contrast(palette[fg] as string, palette[bg] as string)).toBeGreaterThanOrEqual(3);
  });
});
