/**
 * The ONE schema: public/managed_schema.json. Chrome validates managed storage with it (Chromium
 * builds declare it as `storage.managed_schema`); the extension, the options-page import and the
 * admin CLI validate with the same file through a precompiled ajv validator
 * (generated/managed-policy-validator.ts, made by generate-validator.ts: extension pages and the
 * service worker may not eval, so ajv cannot compile at run time).
 *
 * Chrome's schema dialect (components/policy/core/common/schema.cc) is JSON Schema draft-03-like:
 * `id` names a node, `$ref` points at such an id. `chromeSchemaToAjv` turns it into a draft-07
 * schema ajv understands (references inlined, `id` removed). The schema walker here serves the
 * value coercion and unknown-property checks that mirror what Chrome does before the extension
 * sees a value.
 */
import managedSchemaJson from '../../public/managed_schema.json';

export type ChromeSchemaType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

/** A node of the managed schema (Chrome dialect). */
export interface SchemaNode {
  type?: ChromeSchemaType;
  $ref?: string;
  id?: string;
  title?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode;
  patternProperties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  enum?: Array<string | number>;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  required?: string[];
  sensitiveValue?: boolean;
}

export const MANAGED_SCHEMA: SchemaNode = managedSchemaJson as SchemaNode;

/** The top-level policy names the schema declares. */
export const POLICY_KEYS = Object.keys(MANAGED_SCHEMA.properties ?? {}) as readonly string[];

function collectIds(node: SchemaNode, into: Map<string, SchemaNode>): void {
  if (node.id !== undefined) into.set(node.id, node);
  for (const child of Object.values(node.properties ?? {})) collectIds(child, into);
  for (const child of Object.values(node.patternProperties ?? {})) collectIds(child, into);
  if (node.additionalProperties) collectIds(node.additionalProperties, into);
  if (node.items) collectIds(node.items, into);
}

const ID_INDEX = new Map<string, SchemaNode>();
collectIds(MANAGED_SCHEMA, ID_INDEX);

/** Follows a Chrome `$ref` (by `id`); title/description of the referring node win. */
export function deref(node: SchemaNode, ids: Map<string, SchemaNode> = ID_INDEX): SchemaNode {
  if (node.$ref === undefined) return node;
  const target = ids.get(node.$ref);
  if (!target) throw new Error(`managed schema: unresolved $ref "${node.$ref}"`);
  return {
    ...deref(target, ids),
    ...(node.title !== undefined ? { title: node.title } : {}),
    ...(node.description !== undefined ? { description: node.description } : {}),
  };
}

/** Schema of a property of an object node, as Chrome's Schema::GetMatchingProperties picks it. */
export function propertySchema(node: SchemaNode, key: string): SchemaNode | undefined {
  const n = deref(node);
  const known = n.properties?.[key];
  if (known) return deref(known);
  for (const [pattern, sub] of Object.entries(n.patternProperties ?? {})) {
    if (new RegExp(pattern).test(key)) return deref(sub);
  }
  return n.additionalProperties ? deref(n.additionalProperties) : undefined;
}

export function itemSchema(node: SchemaNode): SchemaNode | undefined {
  const n = deref(node);
  return n.items ? deref(n.items) : undefined;
}

/** Schema of a top-level policy key. */
export function policyKeySchema(key: string): SchemaNode | undefined {
  const sub = MANAGED_SCHEMA.properties?.[key];
  return sub ? deref(sub) : undefined;
}

/** Known property names of an object node (for "did you mean" hints). */
export function knownProperties(node: SchemaNode): string[] {
  return Object.keys(deref(node).properties ?? {});
}

/**
 * Converts the Chrome-dialect schema into a draft-07 schema for ajv: `$ref`s to Chrome ids are
 * inlined (the referring node's title/description kept) and `id` / `sensitiveValue` dropped.
 */
export function chromeSchemaToAjv(root: SchemaNode = MANAGED_SCHEMA): Record<string, unknown> {
  const ids = new Map<string, SchemaNode>();
  collectIds(root, ids);
  const convert = (node: SchemaNode, seen: readonly string[]): Record<string, unknown> => {
    if (node.$ref !== undefined) {
      if (seen.includes(node.$ref)) throw new Error(`managed schema: recursive $ref "${node.$ref}" cannot be inlined`);
      const target = ids.get(node.$ref);
      if (!target) throw new Error(`managed schema: unresolved $ref "${node.$ref}"`);
      const inlined = convert(target, [...seen, node.$ref]);
      if (node.title !== undefined) inlined.title = node.title;
      if (node.description !== undefined) inlined.description = node.description;
      return inlined;
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'id' || key === 'sensitiveValue') continue;
      if (key === 'properties' || key === 'patternProperties') {
        const props: Record<string, unknown> = {};
        for (const [name, sub] of Object.entries(value as Record<string, SchemaNode>)) props[name] = convert(sub, seen);
        out[key] = props;
      } else if (key === 'items' || key === 'additionalProperties') {
        out[key] = convert(value as SchemaNode, seen);
      } else {
        out[key] = value;
      }
    }
    return out;
  };
  return convert(root, []);
}
