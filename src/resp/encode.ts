/**
 * Encodes reply values into RESP2 or RESP3 text (a latin1 byte string). The server batches
 * the encodings of one read's replies into one socket write, so this returns strings rather
 * than Buffers: concatenating strings is cheap and one Buffer.from at the end is all the copy.
 */
import type { Reply } from './values.js';

export type Protocol = 2 | 3;

export function encodeReply(reply: Reply, proto: Protocol): string {
  switch (reply.t) {
    case 'simple':
      return '+' + reply.v + '\r\n';
    case 'error':
      return '-' + reply.v + '\r\n';
    case 'int':
      return ':' + reply.v + '\r\n';
    case 'bulk':
      return '$' + reply.v.length + '\r\n' + reply.v + '\r\n';
    case 'nullbulk':
      return proto === 3 ? '_\r\n' : '$-1\r\n';
    case 'nullarray':
      return proto === 3 ? '_\r\n' : '*-1\r\n';
    case 'array':
      return encodeAggregate('*', reply.v, proto);
    case 'push':
      return encodeAggregate(proto === 3 ? '>' : '*', reply.v, proto);
    case 'map': {
      let out = (proto === 3 ? '%' + reply.v.length : '*' + reply.v.length * 2) + '\r\n';
      for (const [k, v] of reply.v) out += encodeReply(k, proto) + encodeReply(v, proto);
      return out;
    }
    case 'raw':
      return proto === 3 ? reply.v3 : reply.v2;
  }
}

function encodeAggregate(prefix: string, items: readonly Reply[], proto: Protocol): string {
  let out = prefix + items.length + '\r\n';
  for (const item of items) out += encodeReply(item, proto);
  return out;
}
