/**
 * Test helper: a strict XML well-formedness parser (enough for property lists) and a plist reader.
 * Throws on any well-formedness error: unbalanced or mismatched tags, raw "<" or "&" in text,
 * unknown entities, bad attributes, content after the root element, invalid characters.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeText(raw: string, where: number): string {
  if (raw.includes('<')) throw new Error(`raw "<" in text at ${where}`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(raw)) throw new Error(`invalid character in text at ${where}`);
  return raw.replace(/&([^;\s&]*);?/g, (all, name: string) => {
    if (!all.endsWith(';')) throw new Error(`unterminated entity "${all}" at ${where}`);
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    const v = ENTITIES[name];
    if (v === undefined) throw new Error(`unknown entity "&${name};" at ${where}`);
    return v;
  });
}

export function parseXml(text: string): { declaration?: string; doctype?: string; root: XmlElement } {
  let i = 0;
  let declaration: string | undefined;
  let doctype: string | undefined;
  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    declaration = text.slice(0, end + 2);
    if (!/^<\?xml version="1\.[0-9]"( encoding="[A-Za-z0-9._-]+")?( standalone="(yes|no)")?\s*\?>$/.test(declaration)) {
      throw new Error(`bad XML declaration ${declaration}`);
    }
    i = end + 2;
  }
  const skipWs = () => {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  };
  skipWs();
  if (text.startsWith('<!DOCTYPE', i)) {
    const end = text.indexOf('>', i);
    if (end < 0) throw new Error('unterminated DOCTYPE');
    doctype = text.slice(i, end + 1);
    i = end + 1;
  }
  skipWs();
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < text.length) {
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 3;
      continue;
    }
    if (text[i] === '<') {
      if (text[i + 1] === '/') {
        const m = NAME.exec(text.slice(i + 2));
        if (!m) throw new Error(`bad end tag at ${i}`);
        const close = text.indexOf('>', i);
        if (text.slice(i + 2 + m[0].length, close).trim() !== '') throw new Error(`bad end tag at ${i}`);
        const open = stack.pop();
        if (!open || open.name !== m[0]) throw new Error(`mismatched </${m[0]}> at ${i} (open: ${open?.name ?? 'none'})`);
        i = close + 1;
        if (stack.length === 0) {
          root = open;
          skipWs();
          if (i < text.length) throw new Error(`content after the root element at ${i}`);
        }
        continue;
      }
      const m = NAME.exec(text.slice(i + 1));
      if (!m) throw new Error(`bad start tag at ${i}`);
      if (root) throw new Error('second root element');
      const el: XmlElement = { name: m[0], attributes: {}, children: [] };
      let j = i + 1 + m[0].length;
      for (;;) {
        const ws = /^\s*/.exec(text.slice(j))?.[0] ?? '';
        j += ws.length;
        if (text.startsWith('/>', j) || text[j] === '>') break;
        if (ws.length === 0) throw new Error(`missing space before attribute at ${j}`);
        const am = /^([A-Za-z_:][A-Za-z0-9_.:-]*)="([^"<]*)"/.exec(text.slice(j));
        if (!am || am[1] === undefined) throw new Error(`bad attribute at ${j}`);
        if (am[1] in el.attributes) throw new Error(`duplicate attribute ${am[1]}`);
        el.attributes[am[1]] = decodeText(am[2] ?? '', j);
        j += am[0].length;
      }
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      if (text.startsWith('/>', j)) {
        i = j + 2;
        if (!parent) {
          root = el;
          skipWs();
          if (i < text.length) throw new Error('content after the root element');
        }
      } else {
        i = j + 1;
        stack.push(el);
      }
      continue;
    }
    const next = text.indexOf('<', i);
    const raw = text.slice(i, next < 0 ? text.length : next);
    const parent = stack[stack.length - 1];
    if (!parent) {
      if (raw.trim() !== '') throw new Error(`text outside the root element at ${i}`);
    } else {
      parent.children.push(decodeText(raw, i));
    }
    i = next < 0 ? text.length : next;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]?.name}>`);
  if (!root) throw new Error('no root element');
  return { declaration, doctype, root };
}

const elements = (el: XmlElement): XmlElement[] => {
  for (const c of el.children) if (typeof c === 'string' && c.trim() !== '') throw new Error(`unexpected text in <${el.name}>`);
  return el.children.filter((c): c is XmlElement => typeof c !== 'string');
};
const textOf = (el: XmlElement): string => {
  for (const c of el.children) if (typeof c !== 'string') throw new Error(`unexpected <${c.name}> in <${el.name}>`);
  return el.children.join('');
};

/** Reads a plist value element (strict: only the types a configuration profile uses). */
export function plistToValue(el: XmlElement): unknown {
  switch (el.name) {
    case 'dict': {
      const kids = elements(el);
      if (kids.length % 2 !== 0) throw new Error('dict with an odd number of children');
      const out: Record<string, unknown> = {};
      for (let k = 0; k < kids.length; k += 2) {
        const key = kids[k];
        const value = kids[k + 1];
        if (!key || key.name !== 'key' || !value) throw new Error('dict entries must be <key> followed by a value');
        const name = textOf(key);
        if (name in out) throw new Error(`duplicate key ${name}`);
        out[name] = plistToValue(value);
      }
      return out;
    }
    case 'array':
      return elements(el).map(plistToValue);
    case 'string':
      return textOf(el);
    case 'integer': {
      const t = textOf(el);
      if (!/^-?\d+$/.test(t)) throw new Error(`bad integer ${t}`);
      return Number(t);
    }
    case 'real': {
      const t = textOf(el);
      if (!Number.isFinite(Number(t))) throw new Error(`bad real ${t}`);
      return Number(t);
    }
    case 'true':
    case 'false':
      if (el.children.length > 0) throw new Error(`<${el.name}/> must be empty`);
      return el.name === 'true';
    default:
      throw new Error(`unexpected plist element <${el.name}>`);
  }
}

export function parsePlist(text: string): unknown {
  const { root, doctype, declaration } = parseXml(text);
  if (!declaration) throw new Error('missing XML declaration');
  if (!doctype?.includes('-//Apple//DTD PLIST 1.0//EN')) throw new Error('missing plist DOCTYPE');
  if (root.name !== 'plist' || root.attributes.version !== '1.0') throw new Error('root must be <plist version="1.0">');
  const kids = elements(root);
  if (kids.length !== 1 || !kids[0]) throw new Error('<plist> must hold exactly one value');
  return plistToValue(kids[0]);
}
