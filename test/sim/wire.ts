/**
 * What a reply looks like after a trip over the wire: the sentinel core's reply is encoded in
 * the client's protocol and parsed back, so a peer receives exactly the types a real socket
 * would carry (a RESP2 map arrives as a flat array, a cached raw reply as what it encodes).
 * Also a one-line rendering of replies for traces.
 */
import { encodeReply, type Protocol } from '../../src/resp/encode.js';
import type { Reply } from '../../src/resp/values.js';
import { parseReply, type RespNode } from '../helpers/resp-client.js';

export function overTheWire(reply: Reply, proto: Protocol): Reply {
  const bytes = encodeReply(reply, proto);
  const parsed = parseReply(bytes);
  if (parsed === null || parsed.end !== bytes.length) throw new Error(`reply did not encode to one frame: ${JSON.stringify(bytes)}`);
  return fromNode(parsed.node);
}

function fromNode(node: RespNode): Reply {
  switch (node.type) {
    case 'simple':
      return { t: 'simple', v: node.value };
    case 'error':
      return { t: 'error', v: node.value };
    case 'bulk':
    case 'verbatim':
      return { t: 'bulk', v: node.value };
    case 'int':
      return { t: 'int', v: node.value };
    case 'nullbulk':
    case 'null':
      return { t: 'nullbulk' };
    case 'nullarray':
      return { t: 'nullarray' };
    case 'array':
    case 'set':
      return { t: 'array', v: node.value.map(fromNode) };
    case 'push':
      return { t: 'push', v: node.value.map(fromNode) };
    case 'map':
    case 'attr':
      return { t: 'map', v: node.value.map(([k, v]) => [fromNode(k), fromNode(v)] as const) };
    case 'double':
    case 'bignum':
      return { t: 'bulk', v: node.value };
    case 'bool':
      return { t: 'int', v: node.value ? 1 : 0 };
  }
}

/** A compact one-line rendering: `+OK`, `-ERR x`, `:1`, `"bulk"`, `(nil)`, `[a b]`, `{k:v}`. */
export function renderReply(reply: Reply): string {
  switch (reply.t) {
    case 'simple':
      return `+${reply.v}`;
    case 'error':
      return `-${reply.v}`;
    case 'int':
      return `:${reply.v}`;
    case 'bulk':
      return /^[\x21-\x7e]+$/.test(reply.v) && !reply.v.startsWith('"') ? reply.v : JSON.stringify(reply.v);
    case 'nullbulk':
    case 'nullarray':
      return '(nil)';
    case 'array':
    case 'push':
      return `[${reply.v.map(renderReply).join(' ')}]`;
    case 'map':
      return `{${reply.v.map(([k, v]) => `${renderReply(k)}:${renderReply(v)}`).join(' ')}}`;
    case 'raw':
      return renderReply(overTheWire(reply, 2));
  }
}
