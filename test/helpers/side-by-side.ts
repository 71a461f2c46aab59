/**
 * Side-by-side comparison of vigil with real redis-sentinel 7.0.15: both get the same config
 * (same myid, masters, known replicas and peers) and the same commands; replies are compared
 * as typed trees. Values that depend on time or on live monitoring are compared by type and
 * form only; everything else must be identical, down to field order.
 */
import type { RespNode } from './resp-client.js';

/** Instance fields whose values are ages in ms (they differ run to run). */
export const AGE_FIELDS = new Set([
  'last-ping-sent',
  'last-ok-ping-reply',
  'last-ping-reply',
  'info-refresh',
  'role-reported-time',
  's-down-time',
  'o-down-time',
  'last-hello-message',
  'master-link-down-time',
  'run-time',
  'run-delay',
  // Commands queued on links that are still connecting: timing-dependent in both daemons.
  'link-pending-commands',
  // ACL LOG entries: time and the logging connection's CLIENT LIST line.
  'age-seconds',
  'client-info',
]);

export type Difference = string;

/**
 * Compares two reply trees. `loose` names map keys (or INFO fields) whose values may differ
 * as long as both are the same type and, for numeric strings, both numeric.
 */
export function compareReplies(ours: RespNode, theirs: RespNode, loose: ReadonlySet<string> = AGE_FIELDS, path = '$'): Difference[] {
  if (ours.type !== theirs.type) return [`${path}: type ${ours.type} != ${theirs.type} (${brief(ours)} vs ${brief(theirs)})`];
  switch (ours.type) {
    case 'array':
    case 'push':
    case 'set': {
      const t = theirs as typeof ours;
      // RESP2 instance maps are flat arrays of key/value pairs: treat even-length arrays of
      // bulk keys like maps so loose fields apply.
      if (looksLikeFlatMap(ours.value) && looksLikeFlatMap(t.value)) {
        return compareMapLike(pairUp(ours.value), pairUp(t.value), loose, path);
      }
      if (ours.value.length !== t.value.length) return [`${path}: length ${ours.value.length} != ${t.value.length}`];
      return ours.value.flatMap((item, i) => compareReplies(item, t.value[i]!, loose, `${path}[${i}]`));
    }
    case 'map':
    case 'attr':
      return compareMapLike(ours.value, (theirs as typeof ours).value, loose, path);
    case 'null':
    case 'nullbulk':
    case 'nullarray':
      return [];
    default: {
      const a = (ours as { value: unknown }).value;
      const b = (theirs as { value: unknown }).value;
      return a === b ? [] : [`${path}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`];
    }
  }
}

function compareMapLike(ours: readonly (readonly [RespNode, RespNode])[], theirs: readonly (readonly [RespNode, RespNode])[], loose: ReadonlySet<string>, path: string): Difference[] {
  const keysA = ours.map(([k]) => keyText(k));
  const keysB = theirs.map(([k]) => keyText(k));
  if (keysA.join(',') !== keysB.join(',')) return [`${path}: keys [${keysA.join(',')}] != [${keysB.join(',')}]`];
  const diffs: Difference[] = [];
  ours.forEach(([k, v], i) => {
    const key = keyText(k);
    const other = theirs[i]![1];
    if (loose.has(key)) {
      if (v.type !== other.type) diffs.push(`${path}.${key}: type ${v.type} != ${other.type}`);
      else if (v.type === 'bulk' && other.type === 'bulk' && /^-?\d+$/.test(other.value) && !/^-?\d+$/.test(v.value)) {
        diffs.push(`${path}.${key}: ${JSON.stringify(v.value)} is not numeric like ${JSON.stringify(other.value)}`);
      }
    } else {
      diffs.push(...compareReplies(v, other, loose, `${path}.${key}`));
    }
  });
  return diffs;
}

/** RESP2 flattens maps; these first keys mark the flattened maps we compare (instances, HELLO). */
const FLAT_MAP_FIRST_KEYS = new Set(['name', 'server', 'count']);

function looksLikeFlatMap(items: readonly RespNode[]): boolean {
  return items.length >= 2 && items.length % 2 === 0 && items[0]!.type === 'bulk' && FLAT_MAP_FIRST_KEYS.has((items[0] as { value: string }).value);
}

/**
 * Redis walks its dictionaries in hash order with a per-process random seed (masters,
 * subscriptions), so order-free replies are compared after sorting by `keyOf`.
 */
export function sortedBy(node: RespNode, keyOf: (item: RespNode) => string): RespNode {
  if (node.type !== 'array' && node.type !== 'push' && node.type !== 'set') return node;
  return { ...node, value: [...node.value].sort((a, b) => keyOf(a).localeCompare(keyOf(b))) };
}

/** The `name` field of an instance description in either protocol. */
export function instanceName(item: RespNode): string {
  if (item.type === 'map') return String((item.value.find(([k]) => 'value' in k && k.value === 'name')?.[1] as { value?: unknown } | undefined)?.value ?? '');
  if (item.type === 'array') return String((item.value[1] as { value?: unknown } | undefined)?.value ?? '');
  return '';
}

function pairUp(items: readonly RespNode[]): [RespNode, RespNode][] {
  const out: [RespNode, RespNode][] = [];
  for (let i = 0; i < items.length; i += 2) out.push([items[i]!, items[i + 1]!]);
  return out;
}

function keyText(k: RespNode): string {
  return 'value' in k ? String(k.value) : k.type;
}

function brief(n: RespNode): string {
  return JSON.stringify('value' in n ? n.value : n.type).slice(0, 80);
}

/** Parses an INFO text into [section, [field, value][]][] preserving order. */
export function parseInfo(text: string): [string, [string, string][]][] {
  const sections: [string, [string, string][]][] = [];
  for (const line of text.split('\r\n')) {
    if (line.startsWith('# ')) sections.push([line.slice(2), []]);
    else if (line.includes(':') && sections.length > 0) {
      const i = line.indexOf(':');
      sections[sections.length - 1]![1].push([line.slice(0, i), line.slice(i + 1)]);
    }
  }
  return sections;
}

/** Sorts, recursively, every map-like value stored under `key` (COMMAND DOCS `subcommands`). */
export function sortMapUnder(node: RespNode, key: string): RespNode {
  if (node.type === 'map') {
    return {
      ...node,
      value: node.value.map(([k, v]) => [k, keyText(k) === key ? sortPairs(v) : sortMapUnder(v, key)] as [RespNode, RespNode]),
    };
  }
  if (node.type === 'array') {
    if (looksLikeMapKeys(node.value)) {
      const items = [...node.value];
      for (let i = 0; i + 1 < items.length; i += 2) {
        items[i + 1] = keyText(items[i]!) === key ? sortPairs(items[i + 1]!) : sortMapUnder(items[i + 1]!, key);
      }
      return { ...node, value: items };
    }
    return { ...node, value: node.value.map((v) => sortMapUnder(v, key)) };
  }
  return node;
}

function looksLikeMapKeys(items: readonly RespNode[]): boolean {
  return items.length % 2 === 0 && items.length > 0 && items.every((v, i) => i % 2 === 1 || v.type === 'bulk');
}

function sortPairs(node: RespNode): RespNode {
  if (node.type === 'map') return { ...node, value: [...node.value].sort((a, b) => keyText(a[0]).localeCompare(keyText(b[0]))) };
  if (node.type === 'array') {
    const pairs = pairUp(node.value).sort((a, b) => keyText(a[0]).localeCompare(keyText(b[0])));
    return { ...node, value: pairs.flat() };
  }
  return node;
}

/** COMMAND INFO: sorts each command's subcommand list (element 9) by name. */
export function sortCommandInfoSubcommands(node: RespNode): RespNode {
  if (node.type !== 'array') return node;
  return {
    ...node,
    value: node.value.map((cmd) => {
      if (cmd.type !== 'array' || cmd.value.length < 10) return cmd;
      const items = [...cmd.value];
      items[9] = sortedBy(items[9]!, (sub) => (sub.type === 'array' ? keyText(sub.value[0]!) : ''));
      return { ...cmd, value: items };
    }),
  };
}
