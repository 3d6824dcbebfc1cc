/**
 * Policy validation: the same code checks managed storage, the options-page import and the admin
 * CLI's input.
 *
 * 1. Coercion, driven by the managed schema, mirroring what Chrome's Windows registry reader does
 *    before Chrome validates (components/policy/core/common/registry_dict.cc): JSON strings where a
 *    list/object is expected are parsed; 0/1 (and "0"/"1", "true"/"false") become booleans;
 *    numeric strings become numbers. Unknown properties are dropped with a warning, as Chrome's
 *    Schema::Normalize drops them. Each conversion is reported as a 'coerced' warning.
 * 2. Types: the precompiled ajv validator of the managed schema (generated/).
 * 3. Values, entry by entry: ids, GUIDs, URLs, enums, templates, ranges.
 * 4. Cross-checks: duplicate ids (later duplicates rejected), references to unknown profiles
 *    (the reference dropped), defaultProfile outside profiles (dropped), deny + profiles.
 * 5. Lint (lint.ts): warnings only.
 *
 * An invalid entry is rejected with a reason per problem; valid entries still apply.
 */
import { validateManagedPolicy } from './generated/managed-policy-validator';
import {
  EMAIL_MESSAGE_MAX,
  EMAIL_SUBJECT_MAX,
  KNOWN_SCOPES,
  SEND_MODES,
  DIRECT_SENDS,
  checkBaseUri,
  checkEnvironment,
  domainProblem,
  emailProblem,
  guidProblem,
  matchPatternProblem,
  normalizeDomain,
  slugProblem,
  templateProblem,
} from './checks';
import { lintPolicy } from './lint';
import { MANAGED_SCHEMA, POLICY_KEYS, deref, knownProperties, propertySchema, type SchemaNode } from './schema';
import { checkSettingValue, isSettingKey } from './settings';
import type {
  AttributeCondition,
  Fallback,
  HostAdapter,
  IntegrationProfile,
  LintWarning,
  LocalConfig,
  Rejection,
  RejectionCode,
  RoutingRule,
  RuleMatch,
  SendMode,
  DirectSend,
  Settings,
  ValidatedPolicy,
  ValidationResult,
} from './types';

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

type PlainObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const DEFAULT_DENY_MESSAGE =
  'Your administrator has not assigned you a DocuSign account for this application. Contact your administrator.';

const LABEL_MAX = 80;
const TEXT_MAX = 500;
const SELECTOR_MAX = 500;

// ---------------------------------------------------------------------------------------------
// Paths and wording

/** JSON pointer of the coerced value -> "profiles[2].integrationKey". */
function pointerToPath(pointer: string, root: unknown): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  let node: unknown = root;
  for (const part of parts) {
    if (Array.isArray(node)) {
      out += `[${part}]`;
      node = node[Number(part)];
    } else {
      out += out === '' ? part : `.${part}`;
      node = isPlainObject(node) ? node[part] : undefined;
    }
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  return typeof value;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

function levenshtein(a: string, b: string): number {
  const dp: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0] ?? 0;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j] ?? 0;
      dp[j] = Math.min((dp[j] ?? 0) + 1, (dp[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length] ?? 0;
}

function didYouMean(key: string, candidates: readonly string[]): string {
  const lower = key.toLowerCase();
  const best = candidates
    .map((c) => ({ c, d: c.toLowerCase() === lower ? 0 : levenshtein(lower, c.toLowerCase()) }))
    .filter((x) => x.d <= Math.max(1, Math.floor(key.length / 4)))
    .sort((x, y) => x.d - y.d)[0];
  return best ? ` Did you mean "${best.c}"?` : '';
}

// ---------------------------------------------------------------------------------------------
// Context

class Ctx {
  rejected: Rejection[] = [];
  warnings: LintWarning[] = [];
  /** Pointers whose string value was meant to be JSON but did not parse. */
  badJson = new Map<string, string>();
  errors: AjvError[] = [];
  root: PlainObject = {};
  /** Ids of profiles that were rejected -> their path, for clearer reference errors. */
  rejectedIds = new Map<string, string>();
  /** References may name profiles this configuration does not define (see ValidateOptions). */
  profilesElsewhere = false;

  reject(path: string, code: RejectionCode, reason: string, entryId?: string): void {
    this.rejected.push({ path, code, reason, ...(entryId !== undefined ? { entryId } : {}) });
  }
  warn(code: LintWarning['code'], path: string, message: string): void {
    this.warnings.push({ code, path, message });
  }
  /** ajv errors at or under a pointer. */
  errorsUnder(pointer: string): AjvError[] {
    return this.errors.filter((e) => e.instancePath === pointer || e.instancePath.startsWith(`${pointer}/`));
  }
  path(pointer: string): string {
    return pointerToPath(pointer, this.root);
  }
  /** Reports ajv type errors as rejections. Returns how many. */
  reportTypeErrors(errors: AjvError[], consequence: string, entryId?: string): number {
    for (const e of errors) {
      const path = this.path(e.instancePath);
      const json = this.badJson.get(e.instancePath);
      if (json !== undefined) {
        this.reject(path, 'invalid-json', `${path} is text that is not valid JSON (${json}); write ${EXPECTED[String(e.params.type)] ?? 'the expected value'} instead. ${consequence}`, entryId);
        continue;
      }
      const actual = valueAt(this.root, e.instancePath);
      const expected = e.keyword === 'type' ? (EXPECTED[String(e.params.type)] ?? String(e.params.type)) : undefined;
      const reason = expected
        ? `${path} must be ${expected}, not ${describe(actual)}. ${consequence}`
        : `${path} ${e.message ?? 'is invalid'}. ${consequence}`;
      this.reject(path, 'wrong-type', reason, entryId);
    }
    return errors.length;
  }
}

function valueAt(root: unknown, pointer: string): unknown {
  let node: unknown = root;
  for (const part of pointer.split('/').slice(1)) {
    if (Array.isArray(node)) node = node[Number(part)];
    else if (isPlainObject(node)) node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    else return undefined;
  }
  return node;
}

// ---------------------------------------------------------------------------------------------
// 1. Coercion

function topKey(path: string): string {
  return /^[^.[]*/.exec(path)?.[0] ?? path;
}

function coercedWarning(ctx: Ctx, path: string, from: unknown, to: unknown, expected: string): void {
  const what = typeof from === 'string' ? `the text ${JSON.stringify(from.length > 40 ? `${from.slice(0, 37)}...` : from)}` : JSON.stringify(from);
  const shown = Array.isArray(to) ? 'a list' : isPlainObject(to) ? 'an object' : JSON.stringify(to);
  // Chrome's Windows registry reader turns 0/1 and integer text into booleans and numeric text
  // into numbers, JSON text into lists/objects; it does not read "true"/"false" text as booleans.
  const registryConverts = !(typeof to === 'boolean' && typeof from === 'string' && !/^[+-]?\d+$/.test(from.trim()));
  const chrome = registryConverts
    ? `Chrome converts such values only when they come from the Windows registry, and otherwise drops the whole "${topKey(path)}" policy.`
    : `Chrome does not convert such text (its Windows registry reader accepts 0 and 1 only) and drops the whole "${topKey(path)}" policy.`;
  ctx.warn('coerced', path, `${path}: read ${what} as ${shown}. Write ${expected}: ${chrome}`);
}

function coerce(value: unknown, schemaNode: SchemaNode, pointer: string, ctx: Ctx): unknown {
  const node = deref(schemaNode);
  const path = () => pointerToPathFromParts(pointer);
  switch (node.type) {
    case 'object':
    case 'array': {
      let v = value;
      if (typeof v === 'string' && /^\s*[[{]/.test(v)) {
        try {
          const parsed: unknown = JSON.parse(v);
          if (node.type === 'array' ? Array.isArray(parsed) : isPlainObject(parsed)) {
            coercedWarning(ctx, path(), v, parsed, node.type === 'array' ? 'a JSON list' : 'a JSON object');
            v = parsed;
          } else {
            ctx.badJson.set(pointer, `it holds ${describe(parsed)}`);
          }
        } catch (err) {
          ctx.badJson.set(pointer, err instanceof Error ? err.message.split('\n')[0] ?? 'parse error' : 'parse error');
        }
      }
      if (node.type === 'array' && Array.isArray(v)) {
        const items = node.items;
        return items ? v.map((item, i) => coerce(item, items, `${pointer}/${i}`, ctx)) : v;
      }
      if (node.type === 'object' && isPlainObject(v)) {
        const out: PlainObject = {};
        for (const [key, sub] of Object.entries(v)) {
          const subSchema = propertySchema(node, key);
          const subPointer = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
          if (!subSchema) {
            const where = pointerToPathFromParts(subPointer);
            ctx.warn('unknown-key', where, `${where} is not a known property and is ignored.${didYouMean(key, knownProperties(node))}`);
            continue;
          }
          if (sub === undefined) continue;
          out[key] = coerce(sub, subSchema, subPointer, ctx);
        }
        return out;
      }
      return v;
    }
    case 'boolean': {
      if (typeof value === 'number' && Number.isInteger(value)) {
        coercedWarning(ctx, path(), value, value !== 0, 'true or false');
        return value !== 0;
      }
      if (typeof value === 'string') {
        const s = value.trim().toLowerCase();
        const b = s === 'true' ? true : s === 'false' ? false : /^[+-]?\d+$/.test(s) ? Number(s) !== 0 : undefined;
        if (b !== undefined) {
          coercedWarning(ctx, path(), value, b, 'true or false');
          return b;
        }
      }
      return value;
    }
    case 'integer':
    case 'number': {
      if (typeof value === 'string' && value.trim() !== '') {
        const s = value.trim();
        const ok = node.type === 'integer' ? /^[+-]?\d+$/.test(s) : Number.isFinite(Number(s));
        if (ok) {
          const n = Number(s);
          coercedWarning(ctx, path(), value, n, node.type === 'integer' ? 'a whole number' : 'a number');
          return n;
        }
      }
      return value;
    }
    default:
      return value;
  }
}

/** Path wording for the coercion pass (the coerced tree does not exist yet: list indexes are numeric parts). */
function pointerToPathFromParts(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(part) && out !== '') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 3./4. Entries

function entryIdOf(entry: unknown): string | undefined {
  return isPlainObject(entry) && typeof entry.id === 'string' && entry.id.trim() !== '' ? entry.id : undefined;
}

interface EntryProblems {
  list: Array<{ path: string; code: RejectionCode; problem: string }>;
  add(path: string, code: RejectionCode, problem: string): void;
}

function problems(): EntryProblems {
  const list: EntryProblems['list'] = [];
  return { list, add: (path, code, problem) => list.push({ path, code, problem }) };
}

function nonEmptyString(
  p: EntryProblems,
  entry: PlainObject,
  key: string,
  base: string,
  what: string,
  opts: { required: boolean; max?: number },
): string | undefined {
  const v = entry[key];
  if (v === undefined) {
    if (opts.required) p.add(`${base}.${key}`, 'missing', `${base}.${key} is missing: ${what} is required.`);
    return undefined;
  }
  if (typeof v !== 'string') return undefined; // reported as a type error
  const t = v.trim();
  if (t === '') {
    p.add(`${base}.${key}`, 'empty', `${base}.${key} is empty: ${what} must not be blank.`);
    return undefined;
  }
  if (opts.max !== undefined && t.length > opts.max) {
    p.add(`${base}.${key}`, 'too-long', `${base}.${key} has ${t.length} characters; at most ${opts.max} are allowed.`);
    return undefined;
  }
  return t;
}

function validateProfile(entry: PlainObject, base: string, ctx: Ctx, p: EntryProblems): IntegrationProfile | null {
  const id = nonEmptyString(p, entry, 'id', base, 'the profile id', { required: true });
  if (id !== undefined) {
    const problem = slugProblem(id, 'Profile id');
    if (problem) p.add(`${base}.id`, 'bad-slug', problem);
  }
  const label = nonEmptyString(p, entry, 'label', base, 'a label users see', { required: true, max: LABEL_MAX });
  const environment = nonEmptyString(p, entry, 'environment', base, '"demo", "production" or an authorization server URL', { required: true });
  let env: string | undefined;
  if (environment !== undefined) {
    const check = checkEnvironment(environment);
    if (check.problem) p.add(`${base}.environment`, check.code ?? 'bad-environment', check.problem);
    else env = check.normalized;
  }
  const key = nonEmptyString(p, entry, 'integrationKey', base, 'the integration key (client_id)', { required: true });
  if (key !== undefined) {
    const problem = guidProblem(key, 'Integration key');
    if (problem) p.add(`${base}.integrationKey`, 'bad-guid', problem);
  }
  const accountId = nonEmptyString(p, entry, 'accountId', base, 'the account id', { required: false });
  if (accountId !== undefined) {
    const problem = guidProblem(accountId, 'Account id');
    if (problem) p.add(`${base}.accountId`, 'bad-guid', problem);
  }
  let baseUri: string | undefined;
  const rawBase = nonEmptyString(p, entry, 'expectedBaseUri', base, 'the expected base URI', { required: false });
  if (rawBase !== undefined) {
    const check = checkBaseUri(rawBase);
    if (check.problem) p.add(`${base}.expectedBaseUri`, check.code ?? 'bad-url', check.problem);
    else baseUri = check.normalized;
  }
  let scopes: string[] | undefined;
  if (Array.isArray(entry.scopes)) {
    scopes = [];
    entry.scopes.forEach((s, i) => {
      if (typeof s !== 'string') return;
      const scope = s.trim();
      if (scope === '' || /\s/.test(scope)) {
        p.add(`${base}.scopes[${i}]`, 'bad-scope', `${base}.scopes[${i}] ${JSON.stringify(s)} is not one scope: list each scope separately, without spaces.`);
      } else if (scope === 'impersonation') {
        p.add(`${base}.scopes[${i}]`, 'bad-scope', `${base}.scopes[${i}] "impersonation" belongs to the JWT grant, which this extension does not use; remove it.`);
      } else if (!scopes?.includes(scope)) {
        scopes?.push(scope);
        if (!KNOWN_SCOPES.includes(scope)) {
          ctx.warn('scope', `${base}.scopes[${i}]`, `${base}.scopes[${i}] "${scope}" is not a scope this extension knows (${KNOWN_SCOPES.join(', ')}); DocuSign may refuse the sign-in.`);
        }
      }
    });
    if (!scopes.includes('signature')) {
      p.add(`${base}.scopes`, 'bad-scope', `${base}.scopes must include "signature" (the eSignature API); without it no envelope can be sent.`);
    }
  }
  let sendMode: SendMode | undefined;
  if (typeof entry.sendMode === 'string') {
    const m = entry.sendMode.trim().toLowerCase();
    if ((SEND_MODES as readonly string[]).includes(m)) sendMode = m as SendMode;
    else p.add(`${base}.sendMode`, 'bad-enum', `${base}.sendMode "${entry.sendMode}" is not "embedded" or "direct".`);
  }
  let directSend: DirectSend | undefined;
  if (typeof entry.directSend === 'string') {
    const m = entry.directSend.trim().toLowerCase();
    if ((DIRECT_SENDS as readonly string[]).includes(m)) directSend = m as DirectSend;
    else p.add(`${base}.directSend`, 'bad-enum', `${base}.directSend "${entry.directSend}" is not "draft-first" or "one-call".`);
    if (directSend === 'one-call' && sendMode !== 'direct') {
      ctx.warn('direct-send-unused', `${base}.directSend`, `${base}.directSend only applies with "sendMode": "direct"; this profile sends through DocuSign's sender view, so it is ignored.`);
    }
  }
  for (const [k, max] of [
    ['emailSubjectTemplate', EMAIL_SUBJECT_MAX],
    ['emailMessageTemplate', EMAIL_MESSAGE_MAX],
  ] as const) {
    const v = entry[k];
    if (typeof v === 'string') {
      const problem = templateProblem(v, `${base}.${k}`, max);
      if (problem) p.add(`${base}.${k}`, problem.includes('characters') ? 'too-long' : 'bad-template', problem);
    }
  }
  if (p.list.length > 0 || id === undefined || label === undefined || env === undefined || key === undefined) return null;
  const profile: IntegrationProfile = { id, label, environment: env, integrationKey: key.toLowerCase() };
  if (accountId !== undefined) profile.accountId = accountId.toLowerCase();
  if (baseUri !== undefined) profile.expectedBaseUri = baseUri;
  if (scopes !== undefined) profile.scopes = scopes;
  if (sendMode !== undefined) profile.sendMode = sendMode;
  if (directSend !== undefined) profile.directSend = directSend;
  if (typeof entry.emailSubjectTemplate === 'string') profile.emailSubjectTemplate = entry.emailSubjectTemplate;
  if (typeof entry.emailMessageTemplate === 'string') profile.emailMessageTemplate = entry.emailMessageTemplate;
  return profile;
}

/** Arrays of entries with ids: type errors, per-entry checks, duplicate ids. */
function validateEntries<T extends { id: string }>(
  ctx: Ctx,
  key: 'profiles' | 'hostAdapters',
  value: unknown,
  noun: string,
  check: (entry: PlainObject, base: string, p: EntryProblems) => T | null,
): T[] {
  const out: T[] = [];
  const pointer = `/${key}`;
  if (!Array.isArray(value)) {
    ctx.reportTypeErrors(ctx.errors.filter((e) => e.instancePath === pointer), `No ${noun} from policy applies.`);
    return out;
  }
  const seen = new Map<string, number>();
  value.forEach((entry, i) => {
    const base = `${key}[${i}]`;
    const entryId = entryIdOf(entry);
    const consequence = `This ${noun} is not applied.`;
    const typeErrors = ctx.errorsUnder(`${pointer}/${i}`);
    const rejectedAs = () => {
      if (entryId !== undefined && !ctx.rejectedIds.has(`${key}:${entryId}`)) ctx.rejectedIds.set(`${key}:${entryId}`, base);
    };
    if (ctx.reportTypeErrors(typeErrors, consequence, entryId) > 0 || !isPlainObject(entry)) {
      rejectedAs();
      return;
    }
    const p = problems();
    const result = check(entry, base, p);
    for (const x of p.list) ctx.reject(x.path, x.code, `${x.problem} ${consequence}`, entryId);
    if (!result) {
      rejectedAs();
      return;
    }
    const first = seen.get(result.id);
    if (first !== undefined) {
      ctx.reject(`${base}.id`, 'duplicate-id', `${noun[0]?.toUpperCase()}${noun.slice(1)} id "${result.id}" is already used by ${key}[${first}]; this later ${noun} is not applied.`, result.id);
      return;
    }
    seen.set(result.id, i);
    out.push(result);
  });
  return out;
}

function validateStringList(
  p: EntryProblems,
  list: unknown,
  base: string,
  check: (s: string) => string | null,
  normalize: (s: string) => string,
): string[] {
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  list.forEach((item, i) => {
    if (typeof item !== 'string') return;
    const t = item.trim();
    if (t === '') {
      p.add(`${base}[${i}]`, 'empty', `${base}[${i}] is empty.`);
      return;
    }
    const problem = check(t);
    if (problem) {
      p.add(`${base}[${i}]`, problem.includes('domain') ? 'bad-domain' : problem.includes('email') ? 'bad-email' : 'empty', `${base}[${i}]: ${problem}`);
      return;
    }
    const n = normalize(t);
    if (!out.includes(n)) out.push(n);
  });
  return out;
}

function validateMatch(value: unknown, base: string, p: EntryProblems): RuleMatch | null {
  if (value === undefined) {
    p.add(base, 'missing', `${base} is missing: write {} to match every user, or give userIds, emails, emailDomains or attributes.`);
    return null;
  }
  if (!isPlainObject(value)) return null; // type error reported already
  const match: RuleMatch = {};
  if (value.userIds !== undefined) match.userIds = validateStringList(p, value.userIds, `${base}.userIds`, () => null, (s) => s);
  if (value.emails !== undefined) match.emails = validateStringList(p, value.emails, `${base}.emails`, emailProblem, (s) => s.toLowerCase());
  if (value.emailDomains !== undefined) {
    match.emailDomains = validateStringList(p, value.emailDomains, `${base}.emailDomains`, domainProblem, normalizeDomain);
  }
  if (Array.isArray(value.attributes)) {
    const conditions: AttributeCondition[] = [];
    value.attributes.forEach((c, i) => {
      const cb = `${base}.attributes[${i}]`;
      if (!isPlainObject(c)) return;
      const name = typeof c.name === 'string' ? c.name.trim() : '';
      if (name === '') {
        p.add(`${cb}.name`, 'bad-attribute-condition', `${cb}.name is missing: name the host attribute, e.g. "region".`);
        return;
      }
      const hasEquals = c.equals !== undefined;
      const hasIn = c.in !== undefined;
      if (hasEquals === hasIn) {
        p.add(cb, 'bad-attribute-condition', `${cb} must give exactly one of "equals" or "in" (it gives ${hasEquals ? 'both' : 'neither'}).`);
        return;
      }
      if (hasEquals && typeof c.equals === 'string') {
        conditions.push({ name, equals: c.equals.trim() });
      } else if (Array.isArray(c.in)) {
        const values = c.in.filter((x): x is string => typeof x === 'string').map((x) => x.trim());
        if (values.length === 0) {
          p.add(`${cb}.in`, 'bad-attribute-condition', `${cb}.in is empty: list at least one value.`);
          return;
        }
        conditions.push({ name, in: values });
      }
    });
    match.attributes = conditions;
  }
  return match;
}

function validateProfileRefs(
  ctx: Ctx,
  list: unknown,
  base: string,
  knownProfiles: ReadonlySet<string> | null,
  entryId: string | undefined,
  owner: string,
): string[] {
  const out: string[] = [];
  if (!Array.isArray(list)) return out;
  list.forEach((ref, i) => {
    if (typeof ref !== 'string') return; // type error reported by caller
    const id = ref.trim();
    // The local tier's rules may route to the administrator's profiles: a reference to a profile
    // defined nowhere here is kept (the resolver denies its users while no tier defines it, and
    // the options page marks it), unless this configuration rejected a profile of that id.
    const elsewhere = ctx.profilesElsewhere && !ctx.rejectedIds.has(`profiles:${id}`);
    if (knownProfiles && !knownProfiles.has(id) && !elsewhere) {
      const rejectedAt = ctx.rejectedIds.get(`profiles:${id}`);
      const why = rejectedAt
        ? `which was rejected (see ${rejectedAt})`
        : `which is not among the valid profiles of this policy${knownProfiles.size > 0 ? ` (${[...knownProfiles].join(', ')})` : ''}`;
      ctx.reject(`${base}[${i}]`, 'unknown-profile', `${base}[${i}] names profile "${ref}", ${why}; the reference is dropped from ${owner}.`, entryId);
      return;
    }
    const badSlug = knownProfiles?.has(id) ? null : slugProblem(id, 'Profile id');
    if (badSlug) {
      ctx.reject(`${base}[${i}]`, 'bad-slug', `${base}[${i}]: ${badSlug} The reference is dropped from ${owner}.`, entryId);
      return;
    }
    if (!out.includes(id)) out.push(id);
  });
  return out;
}

function validateRules(ctx: Ctx, value: unknown, knownProfiles: ReadonlySet<string> | null): RoutingRule[] {
  const out: RoutingRule[] = [];
  if (!Array.isArray(value)) {
    ctx.reportTypeErrors(ctx.errors.filter((e) => e.instancePath === '/routingRules'), 'No routing rule from policy applies; users no other rule matches get the fallback.');
    return out;
  }
  const seen = new Map<string, number>();
  value.forEach((entry, i) => {
    const base = `routingRules[${i}]`;
    const pointer = `/routingRules/${i}`;
    const entryId = entryIdOf(entry);
    const notApplied = 'This rule is not applied: the users it was meant for fall through to later rules or the fallback.';
    const all = ctx.errorsUnder(pointer);
    const refErrors = all.filter((e) => e.instancePath.startsWith(`${pointer}/profiles`) || e.instancePath === `${pointer}/defaultProfile`);
    const fatal = all.filter((e) => !refErrors.includes(e));
    if (ctx.reportTypeErrors(fatal, notApplied, entryId) > 0 || !isPlainObject(entry)) return;

    const p = problems();
    const id = nonEmptyString(p, entry, 'id', base, 'the rule id', { required: true });
    if (id !== undefined && slugProblem(id, 'Rule id')) p.add(`${base}.id`, 'bad-slug', slugProblem(id, 'Rule id') ?? '');
    nonEmptyString(p, entry, 'description', base, 'the description', { required: false, max: TEXT_MAX });
    const match = validateMatch(entry.match, `${base}.match`, p);
    for (const x of p.list) ctx.reject(x.path, x.code, `${x.problem} ${notApplied}`, entryId);
    if (p.list.length > 0 || id === undefined || match === null) return;
    const first = seen.get(id);
    if (first !== undefined) {
      ctx.reject(`${base}.id`, 'duplicate-id', `Rule id "${id}" is already used by routingRules[${first}]; this later rule is not applied.`, id);
      return;
    }
    seen.set(id, i);

    // From here the rule applies; problems with its profile list only narrow it.
    const deniedNote = `users this rule matches may not send until it lists a valid profile.`;
    const listErrors = refErrors.filter((e) => e.instancePath === `${pointer}/profiles`);
    const itemErrors = refErrors.filter((e) => e.instancePath.startsWith(`${pointer}/profiles/`));
    const defaultErrors = refErrors.filter((e) => e.instancePath === `${pointer}/defaultProfile`);
    let profiles: string[] = [];
    if (entry.profiles === undefined) {
      ctx.reject(`${base}.profiles`, 'missing', `${base}.profiles is missing; ${deniedNote}`, id);
    } else if (listErrors.length > 0) {
      ctx.reportTypeErrors(listErrors, 'Users this rule matches may not send until it is fixed.', id);
    } else {
      ctx.reportTypeErrors(itemErrors, 'The reference is dropped from this rule.', id);
      profiles = validateProfileRefs(ctx, entry.profiles, `${base}.profiles`, knownProfiles, id, 'this rule');
      if (profiles.length === 0 && (entry.profiles as unknown[]).length === 0) {
        ctx.reject(`${base}.profiles`, 'empty', `${base}.profiles is empty; ${deniedNote}`, id);
      } else if (profiles.length === 0) {
        ctx.reject(`${base}.profiles`, 'unknown-profile', `${base}.profiles has no valid profile left; ${deniedNote}`, id);
      }
    }
    const rule: RoutingRule = {
      id,
      ...(typeof entry.description === 'string' && entry.description.trim() !== '' && entry.description.length <= TEXT_MAX
        ? { description: entry.description.trim() }
        : {}),
      match,
      profiles,
    };
    ctx.reportTypeErrors(defaultErrors, 'The rule has no default profile.', id);
    if (typeof entry.defaultProfile === 'string') {
      const d = entry.defaultProfile.trim();
      if (profiles.includes(d)) rule.defaultProfile = d;
      else {
        ctx.reject(
          `${base}.defaultProfile`,
          'default-not-allowed',
          `${base}.defaultProfile "${entry.defaultProfile}" is not one of this rule's valid profiles (${profiles.join(', ') || 'none'}); the rule has no default profile${profiles.length > 1 ? ', so matching users choose' : ''}.`,
          id,
        );
      }
    }
    if (typeof entry.allowChoice === 'boolean') rule.allowChoice = entry.allowChoice;
    out.push(rule);
  });
  return out;
}

function validateFallback(ctx: Ctx, value: unknown, knownProfiles: ReadonlySet<string> | null): Fallback {
  const deny: Fallback = { deny: true };
  const consequence = 'Users no routing rule matches may not send until this is fixed.';
  const typeErrors = ctx.errorsUnder('/fallback');
  if (ctx.reportTypeErrors(typeErrors, consequence) > 0 || !isPlainObject(value)) return deny;
  const message = typeof value.message === 'string' && value.message.trim() !== '' ? value.message.trim().slice(0, TEXT_MAX) : undefined;
  if (value.deny === true) {
    if (Array.isArray(value.profiles) && value.profiles.length > 0) {
      ctx.reject('fallback.profiles', 'conflict', 'fallback sets "deny": true and also lists profiles; deny wins. Remove one of them.');
    }
    return message !== undefined ? { deny: true, message } : deny;
  }
  if (value.profiles === undefined) {
    ctx.reject('fallback', 'missing', `fallback must either set "deny": true or list "profiles". ${consequence}`);
    return message !== undefined ? { deny: true, message } : deny;
  }
  const profiles = validateProfileRefs(ctx, value.profiles, 'fallback.profiles', knownProfiles, undefined, 'the fallback');
  if (profiles.length === 0) {
    ctx.reject('fallback.profiles', (value.profiles as unknown[]).length === 0 ? 'empty' : 'unknown-profile', `fallback.profiles has no valid profile. ${consequence}`);
    return message !== undefined ? { deny: true, message } : deny;
  }
  const fb: Fallback = { profiles };
  if (typeof value.defaultProfile === 'string') {
    if (profiles.includes(value.defaultProfile.trim())) fb.defaultProfile = value.defaultProfile.trim();
    else {
      ctx.reject(
        'fallback.defaultProfile',
        'default-not-allowed',
        `fallback.defaultProfile "${value.defaultProfile}" is not one of the fallback's valid profiles (${profiles.join(', ')}); there is no default profile.`,
      );
    }
  }
  if (typeof value.allowChoice === 'boolean') fb.allowChoice = value.allowChoice;
  return fb;
}

function validateSelector(p: EntryProblems, value: unknown, base: string, required: boolean): { selector?: string; attribute?: string } | undefined {
  if (value === undefined) {
    if (required) p.add(base, 'missing', `${base} is missing.`);
    return undefined;
  }
  if (!isPlainObject(value)) return undefined;
  const out: { selector?: string; attribute?: string } = {};
  for (const k of ['selector', 'attribute'] as const) {
    const v = value[k];
    if (typeof v !== 'string') continue;
    if (v.trim() === '') p.add(`${base}.${k}`, 'empty', `${base}.${k} is empty; leave it out instead.`);
    else if (v.length > SELECTOR_MAX) p.add(`${base}.${k}`, 'too-long', `${base}.${k} is longer than ${SELECTOR_MAX} characters.`);
    else out[k] = v.trim();
  }
  return out;
}

function validateAdapter(entry: PlainObject, base: string, p: EntryProblems): HostAdapter | null {
  const id = nonEmptyString(p, entry, 'id', base, 'the adapter id', { required: true });
  if (id !== undefined && slugProblem(id, 'Adapter id')) p.add(`${base}.id`, 'bad-slug', slugProblem(id, 'Adapter id') ?? '');
  const label = nonEmptyString(p, entry, 'label', base, 'a label', { required: true, max: LABEL_MAX });
  const matches: string[] = [];
  if (entry.matches === undefined) p.add(`${base}.matches`, 'missing', `${base}.matches is missing: list the host app's pages, e.g. "https://app.acme.example/*".`);
  else if (Array.isArray(entry.matches)) {
    if (entry.matches.length === 0) p.add(`${base}.matches`, 'empty', `${base}.matches is empty: list at least one match pattern.`);
    entry.matches.forEach((m, i) => {
      if (typeof m !== 'string') return;
      const problem = matchPatternProblem(m.trim());
      if (problem) p.add(`${base}.matches[${i}]`, 'bad-match-pattern', `${base}.matches[${i}]: ${problem}`);
      else matches.push(m.trim());
    });
  }
  let user: HostAdapter['user'] | undefined;
  if (entry.user === undefined) p.add(`${base}.user`, 'missing', `${base}.user is missing: say how to read the signed-in host user.`);
  else if (isPlainObject(entry.user)) {
    const u = entry.user;
    const container = nonEmptyString(p, u, 'container', `${base}.user`, 'the user container selector', { required: true, max: SELECTOR_MAX });
    const idSel = validateSelector(p, u.id, `${base}.user.id`, true);
    const email = validateSelector(p, u.email, `${base}.user.email`, false);
    const name = validateSelector(p, u.name, `${base}.user.name`, false);
    let attributes: Record<string, { selector?: string; attribute?: string }> | undefined;
    if (isPlainObject(u.attributes)) {
      attributes = {};
      for (const [k, v] of Object.entries(u.attributes)) {
        if (k.trim() === '') {
          p.add(`${base}.user.attributes`, 'empty', `${base}.user.attributes has an attribute with an empty name.`);
          continue;
        }
        const s = validateSelector(p, v, `${base}.user.attributes.${k}`, true);
        if (s) attributes[k] = s;
      }
    }
    if (container !== undefined && idSel) {
      user = { container, id: idSel, ...(email ? { email } : {}), ...(name ? { name } : {}), ...(attributes ? { attributes } : {}) };
    }
  }
  const documents: HostAdapter['documents'] = [];
  if (entry.documents === undefined) p.add(`${base}.documents`, 'missing', `${base}.documents is missing: describe at least one kind of document item.`);
  else if (Array.isArray(entry.documents)) {
    if (entry.documents.length === 0) p.add(`${base}.documents`, 'empty', `${base}.documents is empty: describe at least one kind of document item.`);
    entry.documents.forEach((d, i) => {
      const db = `${base}.documents[${i}]`;
      if (!isPlainObject(d)) return;
      const item = nonEmptyString(p, d, 'item', db, 'the item selector', { required: true, max: SELECTOR_MAX });
      const anchor = nonEmptyString(p, d, 'anchor', db, 'the button anchor selector', { required: true, max: SELECTOR_MAX });
      const url = validateSelector(p, d.url, `${db}.url`, true);
      const doc: HostAdapter['documents'][number] = { item: item ?? '', anchor: anchor ?? '', url: url ?? {} };
      for (const k of ['name', 'fileType', 'recipientName', 'recipientEmail'] as const) {
        const s = validateSelector(p, d[k], `${db}.${k}`, false);
        if (s) doc[k] = s;
      }
      documents.push(doc);
    });
  }
  let pageRecipient: HostAdapter['pageRecipient'];
  if (isPlainObject(entry.pageRecipient)) {
    const pr = entry.pageRecipient;
    const container = nonEmptyString(p, pr, 'container', `${base}.pageRecipient`, 'the recipient container selector', { required: true, max: SELECTOR_MAX });
    const name = validateSelector(p, pr.name, `${base}.pageRecipient.name`, true);
    const email = validateSelector(p, pr.email, `${base}.pageRecipient.email`, true);
    if (container !== undefined && name && email) pageRecipient = { container, name, email };
  }
  if (p.list.length > 0 || id === undefined || label === undefined || !user) return null;
  return { id, label, matches, user, documents, ...(pageRecipient ? { pageRecipient } : {}) };
}

function validateSettingsBlock(ctx: Ctx, key: 'settings' | 'defaults', value: unknown): Partial<Settings> {
  const out: Partial<Settings> = {};
  const consequence = key === 'settings' ? 'It is not locked; users keep their own value.' : 'The built-in default applies.';
  if (!isPlainObject(value)) {
    ctx.reportTypeErrors(ctx.errors.filter((e) => e.instancePath === `/${key}`), key === 'settings' ? 'No setting is locked by policy.' : 'No policy default applies.');
    return out;
  }
  for (const [k, v] of Object.entries(value)) {
    if (!isSettingKey(k)) continue; // dropped with a warning during coercion
    const errors = ctx.errorsUnder(`/${key}/${k}`);
    if (ctx.reportTypeErrors(errors, consequence) > 0) continue;
    const problem = checkSettingValue(k, v);
    if (problem) {
      ctx.reject(`${key}.${k}`, 'out-of-range', `${key}.${problem} ${consequence}`);
      continue;
    }
    (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Public API

export interface ValidateOptions {
  /** Run lintPolicy and append its warnings (default true). */
  lint?: boolean;
  /**
   * Rules and the fallback may name profiles this configuration does not define (default false).
   * For the user's own configuration: its rules may route to profiles the policy provides. A
   * policy's references must name the policy's own profiles.
   */
  profilesElsewhere?: boolean;
}

/**
 * Validates a policy object (what goes under 3rdparty.extensions.<id>). Never throws.
 * `policy` holds the valid, normalised entries; `rejected` one item per problem.
 */
export function validatePolicy(raw: unknown, options: ValidateOptions = {}): ValidationResult {
  const ctx = new Ctx();
  ctx.profilesElsewhere = options.profilesElsewhere ?? false;
  const policy: ValidatedPolicy = {};
  if (raw === undefined || raw === null) return { policy, rejected: [], warnings: [] };
  if (!isPlainObject(raw)) {
    ctx.reject('', 'not-object', `The policy must be a JSON object of policy names (${POLICY_KEYS.join(', ')}), not ${describe(raw)}. Nothing from it applies.`);
    return { policy, rejected: ctx.rejected, warnings: ctx.warnings };
  }

  // 1. Coercion + unknown keys.
  const coerced: PlainObject = {};
  for (const [key, value] of Object.entries(raw)) {
    const sub = MANAGED_SCHEMA.properties?.[key];
    if (!sub) {
      ctx.warn('unknown-key', key, `"${key}" is not a policy of this extension and is ignored.${didYouMean(key, POLICY_KEYS)} Known policies: ${POLICY_KEYS.join(', ')}.`);
      continue;
    }
    if (value === undefined || value === null) continue;
    coerced[key] = coerce(value, sub, `/${key}`, ctx);
  }
  ctx.root = coerced;

  // 2. Types (the managed schema, precompiled ajv).
  const valid = validateManagedPolicy(coerced) as boolean;
  ctx.errors = valid ? [] : (((validateManagedPolicy as unknown as { errors?: AjvError[] }).errors ?? []) as AjvError[]);

  // 3./4. Entries and cross-checks, in dependency order (profiles first).
  if ('profiles' in coerced) {
    policy.profiles = validateEntries(ctx, 'profiles', coerced.profiles, 'profile', (e, b, p) => validateProfile(e, b, ctx, p));
  }
  const knownProfiles = policy.profiles ? new Set(policy.profiles.map((p) => p.id)) : null;
  if ('routingRules' in coerced) policy.routingRules = validateRules(ctx, coerced.routingRules, knownProfiles);
  if ('fallback' in coerced) policy.fallback = validateFallback(ctx, coerced.fallback, knownProfiles);
  if ('hostAdapters' in coerced) {
    policy.hostAdapters = validateEntries(ctx, 'hostAdapters', coerced.hostAdapters, 'adapter', (e, b, p) => validateAdapter(e, b, p));
  }
  if ('settings' in coerced) policy.settings = validateSettingsBlock(ctx, 'settings', coerced.settings);
  if ('defaults' in coerced) policy.defaults = validateSettingsBlock(ctx, 'defaults', coerced.defaults);

  // Order of keys in the output follows the schema (stable output for generators).
  const ordered: ValidatedPolicy = {};
  for (const key of POLICY_KEYS) {
    const v = (policy as Record<string, unknown>)[key];
    if (v !== undefined) (ordered as Record<string, unknown>)[key] = v;
  }

  const warnings = [...ctx.warnings, ...(options.lint === false ? [] : lintPolicy(ordered))];
  return { policy: ordered, rejected: ctx.rejected, warnings };
}

/** "profiles[2].integrationKey (profile "acme-x"): reason" — one line for CLI output and logs. */
export function formatRejection(r: Rejection): string {
  return r.path === '' || r.reason.startsWith(r.path) ? r.reason : `${r.path}: ${r.reason}`;
}

export function formatWarning(w: LintWarning): string {
  return w.message;
}

// ---------------------------------------------------------------------------------------------
// Options-page import / local configuration

export const IMPORT_FORMAT_VERSION = 1;

export interface ImportResult {
  config: LocalConfig;
  rejected: Rejection[];
  warnings: LintWarning[];
}

export function emptyLocalConfig(): LocalConfig {
  return { profiles: [], routingRules: [], hostAdapters: [], settings: {} };
}

/** A validated policy-shaped object as local configuration (settings and defaults merged). */
export function toLocalConfig(policy: ValidatedPolicy): LocalConfig {
  return {
    profiles: policy.profiles ?? [],
    routingRules: policy.routingRules ?? [],
    ...(policy.fallback ? { fallback: policy.fallback } : {}),
    hostAdapters: policy.hostAdapters ?? [],
    settings: { ...(policy.defaults ?? {}), ...(policy.settings ?? {}) },
  };
}

/** The file the options page exports; validateConfigImport reads it back. */
export function toImportFile(config: LocalConfig): Record<string, unknown> {
  return {
    version: IMPORT_FORMAT_VERSION,
    profiles: config.profiles,
    routingRules: config.routingRules,
    ...(config.fallback ? { fallback: config.fallback } : {}),
    hostAdapters: config.hostAdapters,
    settings: config.settings,
  };
}

function unwrapImport(raw: unknown, ctx: Ctx): unknown {
  if (!isPlainObject(raw)) return raw;
  // Firefox policies.json
  if (isPlainObject(raw.policies)) raw = raw.policies;
  if (!isPlainObject(raw)) return raw;
  // Chrome Linux policy file / Firefox "3rdparty" block
  const third = raw['3rdparty'];
  if (isPlainObject(third)) {
    const exts = isPlainObject(third.extensions) ? third.extensions : isPlainObject(third.Extensions) ? third.Extensions : undefined;
    const entries = exts ? Object.entries(exts) : [];
    if (entries.length === 1 && entries[0]) return entries[0][1];
    ctx.reject('3rdparty', 'not-object', 'The file has a "3rdparty" block but not exactly one extension in it; import the policy object of this extension only.');
    return undefined;
  }
  // Google Admin console format: every value wrapped as {"Value": ...}
  const values = Object.values(raw);
  if (values.length > 0 && values.every((v) => isPlainObject(v) && Object.keys(v).length === 1 && 'Value' in v)) {
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, (v as PlainObject).Value]));
  }
  return raw;
}

/**
 * Validates a configuration file for the options-page import: the policy shape (plus an optional
 * "version": 1), or any file the admin tooling writes (Linux JSON, Firefox policies.json, Google
 * Admin JSON). Accepts the parsed object or the file text.
 */
export function validateConfigImport(raw: unknown): ImportResult {
  const ctx = new Ctx();
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (err) {
      ctx.reject('', 'invalid-json', `The file is not valid JSON (${err instanceof Error ? err.message : String(err)}).`);
      return { config: emptyLocalConfig(), rejected: ctx.rejected, warnings: [] };
    }
  }
  value = unwrapImport(value, ctx);
  if (isPlainObject(value) && 'version' in value) {
    const { version, ...rest } = value;
    if (version !== IMPORT_FORMAT_VERSION) {
      ctx.reject('version', 'bad-enum', `version ${JSON.stringify(version)} is not supported; this extension reads version ${IMPORT_FORMAT_VERSION}.`);
      return { config: emptyLocalConfig(), rejected: ctx.rejected, warnings: [] };
    }
    value = rest;
  }
  if (value === undefined || value === null) {
    if (ctx.rejected.length === 0) ctx.reject('', 'not-object', 'The file is empty.');
    return { config: emptyLocalConfig(), rejected: ctx.rejected, warnings: [] };
  }
  const result = validatePolicy(value, { profilesElsewhere: true });
  return { config: toLocalConfig(result.policy), rejected: [...ctx.rejected, ...result.rejected], warnings: result.warnings };
}

/** Re-validates stored local configuration (e.g. after an update); invalid parts are dropped. */
export function sanitizeLocalConfig(raw: unknown): ImportResult {
  if (!isPlainObject(raw)) return { config: emptyLocalConfig(), rejected: [], warnings: [] };
  const { settings, ...rest } = raw;
  const result = validatePolicy({ ...rest, ...(settings !== undefined ? { settings } : {}) }, { lint: false, profilesElsewhere: true });
  return { config: toLocalConfig(result.policy), rejected: result.rejected, warnings: result.warnings };
}

