/**
 * The tree form in which protocol/commands/*.json stores captured RESP3 replies, and its
 * encoding back to RESP3 and RESP2 (RESP2 spells sets and maps as arrays, null as `$-1`), so
 * vigil answers COMMAND INFO/DOCS with the exact bytes redis-sentinel sends in either protocol.
 *
 * bulk string: "s"; integer: 1; null: null; array: [...]; simple string: {"+": "s"};
 * set: {"~": [...]}; map: {"%": [[key, value], ...]}.
 */
import type { Reply } from '../../../resp/values.js';

export type RespTree =
  | string
  | number
  | null
  | readonly RespTree[]
  | { readonly '+': string }
  | { readonly '~': readonly RespTree[] }
  | { readonly '%': readonly (readonly [RespTree, RespTree])[] };

export function isTree(value: unknown): value is RespTree {
  if (value === null || typeof value === 'string') return true;
  if (typeof value === 'number') return Number.isInteger(value);
  if (Array.isArray(value)) return value.every(isTree);
  if (typeof value !== 'object') return false;
  const keys = Object.keys(value);
  if (keys.length !== 1) return false;
  const inner: unknown = Object.values(value)[0];
  switch (keys[0]) {
    case '+':
      return typeof inner === 'string';
    case '~':
      return Array.isArray(inner) && inner.every(isTree);
    case '%':
      return Array.isArray(inner) && inner.every((p: unknown) => Array.isArray(p) && p.length === 2 && isTree(p[0]) && isTree(p[1]));
    default:
      return false;
  }
}

/** The tree as a reply carrying both encodings. */
export function encodeTree(tree: RespTree): Reply {
  return { t: 'raw', v2: encode(tree, 2), v3: encode(tree, 3) };
}

function encode(tree: RespTree, proto: 2 | 3): string {
  if (tree === null) return proto === 3 ? '_\r\n' : '$-1\r\n';
  if (typeof tree === 'number') return `:${tree}\r\n`;
  if (typeof tree === 'string') return `$${tree.length}\r\n${tree}\r\n`;
  if (isArray(tree)) return `*${tree.length}\r\n` + tree.map((t) => encode(t, proto)).join('');
  if ('+' in tree) return `+${tree['+']}\r\n`;
  if ('~' in tree) return `${proto === 3 ? '~' : '*'}${tree['~'].length}\r\n` + tree['~'].map((t) => encode(t, proto)).join('');
  const pairs = tree['%'];
  const header = proto === 3 ? `%${pairs.length}` : `*${pairs.length * 2}`;
  return `${header}\r\n` + pairs.map(([k, v]) => encode(k, proto) + encode(v, proto)).join('');
}

function isArray(tree: RespTree): tree is readonly RespTree[] {
  return Array.isArray(tree);
}
