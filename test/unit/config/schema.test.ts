import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GENERATED_VALIDATOR_PATH, generateValidatorSource } from '../../../utils/config/generate-validator';
import { chromeSchemaToAjv, MANAGED_SCHEMA, type SchemaNode } from '../../../utils/config/schema';
import { SETTING_DEFINITIONS, SETTING_KEYS } from '../../../utils/config/settings';

// Chrome's rules for a managed_schema (components/policy/core/common/schema.cc and
// developer.chrome.com/docs/extensions/reference/manifest/storage): attributes allowed per type.
// Chrome ignores unknown attributes, so extra JSON Schema keywords would validate in ajv but not in
// Chrome; this test keeps the schema to what Chrome enforces, so both agree.
const ALLOWED: Record<string, readonly string[]> = {
  array: ['description', 'id', 'items', 'sensitiveValue', 'title', 'type'],
  boolean: ['description', 'id', 'sensitiveValue', 'title', 'type'],
  integer: ['description', 'enum', 'id', 'maximum', 'minimum', 'sensitiveValue', 'title', 'type'],
  number: ['description', 'id', 'sensitiveValue', 'title', 'type'],
  object: ['additionalProperties', 'description', 'id', 'patternProperties', 'properties', 'required', 'sensitiveValue', 'title', 'type'],
  string: ['description', 'enum', 'id', 'pattern', 'sensitiveValue', 'title', 'type'],
  $ref: ['$ref', 'description', 'title'],
};

function chromeSchemaProblems(root: SchemaNode): string[] {
  const problems: string[] = [];
  const ids = new Map<string, string>();
  const refs: Array<[string, string]> = [];
  const raw = root as Record<string, unknown>;
  if (raw.type !== 'object') problems.push('top level: type must be "object"');
  if ('additionalProperties' in raw || 'patternProperties' in raw) problems.push('top level: additionalProperties/patternProperties are not allowed');
  if ('$ref' in raw) problems.push('top level: $ref is not allowed');

  const visit = (node: unknown, where: string, needsText: boolean) => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      problems.push(`${where}: a schema must be an object`);
      return;
    }
    const n = node as Record<string, unknown>;
    if (needsText) {
      if (typeof n.title !== 'string' || n.title.trim() === '') problems.push(`${where}: missing title`);
      if (typeof n.description !== 'string' || n.description.trim() === '') problems.push(`${where}: missing description`);
    }
    if ('$ref' in n) {
      if (typeof n.$ref !== 'string') problems.push(`${where}: $ref must be a string`);
      else refs.push([where, n.$ref]);
      for (const k of Object.keys(n)) if (!ALLOWED.$ref?.includes(k)) problems.push(`${where}: attribute "${k}" not allowed next to $ref`);
      return;
    }
    const type = n.type;
    if (typeof type !== 'string' || !(type in ALLOWED) || type === '$ref') {
      problems.push(`${where}: needs a type (array, boolean, integer, number, object, string) or a $ref`);
      return;
    }
    for (const k of Object.keys(n)) if (!ALLOWED[type]?.includes(k)) problems.push(`${where}: attribute "${k}" is not supported by Chrome for type ${type}`);
    for (const k of ['title', 'description', 'id', 'pattern'] as const) {
      if (k in n && typeof n[k] !== 'string') problems.push(`${where}: ${k} must be a string`);
    }
    if (typeof n.id === 'string') {
      if (ids.has(n.id)) problems.push(`${where}: duplicate id "${n.id}" (also at ${ids.get(n.id)})`);
      ids.set(n.id, where);
    }
    if ('enum' in n) {
      const e = n.enum;
      if (!Array.isArray(e) || e.length === 0) problems.push(`${where}: enum must be a non-empty list`);
      else if (!e.every((x) => (type === 'integer' ? Number.isInteger(x) : typeof x === 'string'))) problems.push(`${where}: enum items must be ${type}s`);
    }
    if (typeof n.pattern === 'string') {
      try {
        new RegExp(n.pattern);
      } catch {
        problems.push(`${where}: pattern does not compile`);
      }
      if (/\(\?[=!<]|\\[1-9]/.test(n.pattern)) problems.push(`${where}: pattern uses lookaround/backreferences, which RE2 (Chrome) does not support`);
    }
    if (typeof n.minimum === 'number' && typeof n.maximum === 'number' && n.minimum > n.maximum) problems.push(`${where}: minimum > maximum`);
    if (type === 'array') {
      if (typeof n.items !== 'object' || n.items === null) problems.push(`${where}: an array needs "items" (a schema)`);
      else visit(n.items, `${where}.items`, true);
    }
    if (type === 'object') {
      const props = n.properties;
      if (props !== undefined) {
        if (typeof props !== 'object' || props === null) problems.push(`${where}: properties must be an object`);
        else for (const [k, v] of Object.entries(props)) visit(v, `${where}.${k}`, true);
      }
      if ('patternProperties' in n) {
        for (const [p, v] of Object.entries(n.patternProperties as object)) {
          try {
            new RegExp(p);
          } catch {
            problems.push(`${where}: patternProperties key /${p}/ does not compile`);
          }
          visit(v, `${where}[/${p}/]`, true);
        }
      }
      if ('additionalProperties' in n) {
        if (typeof n.additionalProperties !== 'object' || n.additionalProperties === null) {
          problems.push(`${where}: additionalProperties must be a schema object (Chrome rejects true/false)`);
        } else visit(n.additionalProperties, `${where}.*`, true);
      }
      if ('required' in n) {
        const req = n.required;
        if (!Array.isArray(req) || !req.every((r) => typeof r === 'string' && typeof props === 'object' && props !== null && r in props)) {
          problems.push(`${where}: required must list declared properties`);
        }
      }
    }
  };
  visit(root, '(root)', true);
  for (const [where, ref] of refs) if (!ids.has(ref)) problems.push(`${where}: $ref "${ref}" names no id`);
  return problems;
}

describe('public/managed_schema.json', () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  const text = readFileSync(join(root, 'public', 'managed_schema.json'), 'utf8');

  it('is plain JSON (Chrome parses it; no comments needed)', () => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(JSON.parse(text)).toEqual(MANAGED_SCHEMA);
  });

  it("obeys Chrome's managed_schema rules", () => {
    expect(chromeSchemaProblems(MANAGED_SCHEMA)).toEqual([]);
  });

  it('declares the policies the extension reads', () => {
    expect(Object.keys(MANAGED_SCHEMA.properties ?? {})).toEqual(['profiles', 'routingRules', 'fallback', 'hostAdapters', 'settings', 'defaults']);
  });

  it('the checker itself catches violations', () => {
    const bad = {
      type: 'object',
      additionalProperties: { type: 'string', title: 't', description: 'd' },
      properties: {
        a: { type: 'string', format: 'uri', title: 't', description: 'd' },
        b: { type: 'number', minimum: 1, title: 't', description: 'd' },
        c: { type: 'array', title: 't' },
        d: { oneOf: [], title: 't', description: 'd' },
        e: { type: 'object', additionalProperties: false, title: 't', description: 'd' },
        f: { $ref: 'Nope', title: 't', description: 'd' },
      },
      title: 't',
      description: 'd',
    } as unknown as SchemaNode;
    const problems = chromeSchemaProblems(bad).join('\n');
    expect(problems).toContain('top level: additionalProperties');
    expect(problems).toContain('"format" is not supported');
    expect(problems).toContain('"minimum" is not supported by Chrome for type number');
    expect(problems).toContain('(root).c: missing description');
    expect(problems).toContain('(root).c: an array needs "items"');
    expect(problems).toContain('(root).d: needs a type');
    expect(problems).toContain('additionalProperties must be a schema object');
    expect(problems).toContain('$ref "Nope" names no id');
  });

  it('compiles in ajv (strict mode) after the Chrome-dialect conversion', () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    const validate = ajv.compile(chromeSchemaToAjv());
    expect(validate({ profiles: [], settings: { confirmBeforeSend: true } })).toBe(true);
    expect(validate({ settings: { confirmBeforeSend: 'yes' } })).toBe(false);
    // $ref inlined: the ValueSelector type is enforced where it is referenced
    expect(validate({ hostAdapters: [{ user: { email: { selector: 5 } } }] })).toBe(false);
  });

  it('the precompiled validator is up to date (run: npx tsx utils/config/generate-validator.ts)', () => {
    const onDisk = readFileSync(GENERATED_VALIDATOR_PATH, 'utf8');
    expect(onDisk === generateValidatorSource()).toBe(true);
    expect(onDisk).not.toMatch(/require\(/);
  });

  it('settings: the schema and the code define the same settings, with titles and descriptions', () => {
    const schemaSettings = Object.keys((MANAGED_SCHEMA.properties?.settings as SchemaNode).properties ?? {});
    expect(schemaSettings.sort()).toEqual([...SETTING_KEYS].sort());
    for (const key of SETTING_KEYS) {
      const def = SETTING_DEFINITIONS[key];
      expect(def.title).not.toBe(key);
      expect(def.description.length).toBeGreaterThan(10);
      expect(def.description).toContain(`Default ${String(def.default)}`);
    }
    expect(MANAGED_SCHEMA.properties?.defaults).toMatchObject({ $ref: 'SettingValues' });
  });
});
