/**
 * Reply checks shared by the client replays: each helper accepts exactly the reply shapes a
 * client's own parser accepts and throws, naming the client and the rule, for anything else.
 * A replay therefore fails the way the real client would (a ClassCastException in Jedis, a
 * failed type assertion in go-redis), not merely when a value differs.
 */
import { encodeCommand, RespClient, type ParsedReply, type RespNode } from '../../helpers/resp-client.js';

export class ClientBreak extends Error {}

export function fail(client: string, rule: string, reply: RespNode | ParsedReply): never {
  const raw = 'raw' in reply ? reply.raw : JSON.stringify(reply);
  throw new ClientBreak(`${client}: ${rule}; got ${JSON.stringify(raw).slice(0, 300)}`);
}

/** A bulk string's text; anything else (simple string, integer, null) breaks `client`. */
export function bulk(client: string, node: RespNode, what: string): string {
  if (node.type !== 'bulk') fail(client, `${what} must be a bulk string, is ${node.type}`, node);
  return node.value;
}

/** A RESP integer (Java Long / Go int64); a numeric *string* breaks `client`. */
export function integer(client: string, node: RespNode, what: string): number {
  if (node.type !== 'int') fail(client, `${what} must be a RESP integer, is ${node.type}`, node);
  return node.value;
}

/** Java's Integer.parseInt as the JVM clients apply it to a port text. */
export function parseJavaInt(client: string, text: string, what: string): number {
  if (!/^[-+]?\d+$/.test(text)) throw new ClientBreak(`${client}: Integer.parseInt(${JSON.stringify(text)}) for ${what} throws NumberFormatException`);
  const n = Number(text);
  if (n > 2 ** 31 - 1 || n < -(2 ** 31)) throw new ClientBreak(`${client}: ${what} ${text} overflows an int`);
  return n;
}

/** Array elements; `push` is accepted only where the client reads push frames. */
export function items(client: string, node: RespNode, what: string, kinds: readonly ('array' | 'push')[] = ['array']): RespNode[] {
  if (node.type !== 'array' && node.type !== 'push') fail(client, `${what} must be ${kinds.join(' or ')}, is ${node.type}`, node);
  if (!kinds.includes(node.type)) fail(client, `${what} must be ${kinds.join(' or ')}, is ${node.type}`, node);
  return node.value;
}

/** A RESP3 map as string pairs; `flatToo` also takes a RESP2 even-length array (go-redis ReadMapLen). */
export function stringMap(client: string, node: RespNode, what: string, flatToo: boolean): Map<string, RespNode> {
  const out = new Map<string, RespNode>();
  if (node.type === 'map') {
    for (const [k, v] of node.value) out.set(bulkOrSimple(client, k, `${what} key`), v);
    return out;
  }
  if (flatToo && node.type === 'array' && node.value.length % 2 === 0) {
    for (let i = 0; i < node.value.length; i += 2) out.set(bulk(client, node.value[i]!, `${what} key`), node.value[i + 1]!);
    return out;
  }
  return fail(client, `${what} must be a ${flatToo ? 'map or flat key/value array' : 'RESP3 map'}, is ${node.type}`, node);
}

function bulkOrSimple(client: string, node: RespNode, what: string): string {
  if (node.type === 'bulk' || node.type === 'simple') return node.value;
  return fail(client, `${what} must be a string, is ${node.type}`, node);
}

/** A value from a map that must be present. */
export function field(client: string, map: Map<string, RespNode>, key: string, what: string): RespNode {
  const v = map.get(key);
  if (v === undefined) throw new ClientBreak(`${client}: ${what} has no "${key}" field (has ${[...map.keys()].join(',')})`);
  return v;
}

/** Sends each command (pipelined when more than one) and returns the replies in order. */
export async function pipeline(c: RespClient, commands: readonly (readonly string[])[]): Promise<ParsedReply[]> {
  c.writeRaw(commands.map(encodeCommand).join(''));
  const replies: ParsedReply[] = [];
  for (let i = 0; i < commands.length; i++) replies.push(await c.next());
  return replies;
}

/** Fire-and-forget commands the client sends but whose errors it ignores: any reply is fine, a closed socket is not. */
export async function tolerated(client: string, c: RespClient, commands: readonly (readonly string[])[]): Promise<void> {
  const replies = await pipeline(c, commands);
  for (const r of replies) {
    if (r.node.type !== 'simple' && r.node.type !== 'error') fail(client, 'a tolerated command must answer +OK or an error', r);
  }
  if (c.closed) throw new ClientBreak(`${client}: the sentinel closed the connection after ${commands.map((a) => a.join(' ')).join('; ')}`);
}

/**
 * Reads frames from a subscribed connection until `pick` returns a value (the client's own
 * dispatch: it ignores frames it does not handle), or fails after `timeoutMs`.
 */
export async function awaitFrame<T>(client: string, c: RespClient, kinds: readonly ('array' | 'push')[], pick: (parts: RespNode[]) => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const seen: string[] = [];
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new ClientBreak(`${client}: nothing it handles arrived in ${timeoutMs} ms; frames: ${seen.join(' | ') || 'none'}`);
    let frame: ParsedReply;
    try {
      frame = await c.next(left);
    } catch (e) {
      throw new ClientBreak(`${client}: ${e instanceof Error ? e.message : String(e)}; frames: ${seen.join(' | ') || 'none'}`);
    }
    seen.push(JSON.stringify(frame.raw).slice(0, 120));
    const value = pick(items(client, frame.node, 'a pub/sub frame', kinds));
    if (value !== undefined) return value;
  }
}

/** Runs `setup` on a fresh connection; closes it if setup throws (the clients drop it too). */
export async function opened<T>(c: RespClient, setup: (c: RespClient) => Promise<T>): Promise<T> {
  try {
    return await setup(c);
  } catch (e) {
    c.close();
    throw e;
  }
}
