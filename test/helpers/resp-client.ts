/**
 * A raw RESP2/RESP3 test client: sends commands as RESP arrays (or raw bytes) and returns
 * each reply both as exact bytes and as a typed tree, so tests can compare vigil's replies with
 * redis-sentinel's byte for byte or by type. Independent of vigil's own encoder on purpose.
 */
import net from 'node:net';

export type RespNode =
  | { type: 'simple' | 'error' | 'bulk' | 'verbatim' | 'bignum'; value: string }
  | { type: 'int'; value: number }
  | { type: 'double'; value: string }
  | { type: 'bool'; value: boolean }
  | { type: 'null' | 'nullbulk' | 'nullarray' }
  | { type: 'array' | 'push' | 'set'; value: RespNode[] }
  | { type: 'map' | 'attr'; value: [RespNode, RespNode][] };

export interface ParsedReply {
  readonly node: RespNode;
  readonly raw: string;
}

/** Parses one reply at `pos` of `buf` (latin1 string); null if incomplete. */
export function parseReply(buf: string, pos = 0): { node: RespNode; end: number } | null {
  const eol = buf.indexOf('\r\n', pos);
  if (eol < 0) return null;
  const type = buf[pos];
  const line = buf.slice(pos + 1, eol);
  const after = eol + 2;
  const aggregate = (count: number, kind: 'array' | 'push' | 'set'): { node: RespNode; end: number } | null => {
    const items: RespNode[] = [];
    let p = after;
    for (let i = 0; i < count; i++) {
      const r = parseReply(buf, p);
      if (r === null) return null;
      items.push(r.node);
      p = r.end;
    }
    return { node: { type: kind, value: items }, end: p };
  };
  switch (type) {
    case '+':
      return { node: { type: 'simple', value: line }, end: after };
    case '-':
      return { node: { type: 'error', value: line }, end: after };
    case ':':
      return { node: { type: 'int', value: Number(line) }, end: after };
    case ',':
      return { node: { type: 'double', value: line }, end: after };
    case '#':
      return { node: { type: 'bool', value: line === 't' }, end: after };
    case '_':
      return { node: { type: 'null' }, end: after };
    case '(':
      return { node: { type: 'bignum', value: line }, end: after };
    case '$':
    case '=': {
      const len = Number(line);
      if (len < 0) return { node: { type: 'nullbulk' }, end: after };
      if (buf.length < after + len + 2) return null;
      return { node: { type: type === '$' ? 'bulk' : 'verbatim', value: buf.slice(after, after + len) }, end: after + len + 2 };
    }
    case '*':
    case '>':
    case '~': {
      const count = Number(line);
      if (count < 0) return { node: { type: 'nullarray' }, end: after };
      return aggregate(count, type === '*' ? 'array' : type === '>' ? 'push' : 'set');
    }
    case '%':
    case '|': {
      const count = Number(line);
      const pairs: [RespNode, RespNode][] = [];
      let p = after;
      for (let i = 0; i < count; i++) {
        const k = parseReply(buf, p);
        if (k === null) return null;
        const v = parseReply(buf, k.end);
        if (v === null) return null;
        pairs.push([k.node, v.node]);
        p = v.end;
      }
      return { node: { type: type === '%' ? 'map' : 'attr', value: pairs }, end: p };
    }
    default:
      throw new Error(`bad RESP type byte ${JSON.stringify(type)} at ${pos}: ${JSON.stringify(buf.slice(pos, pos + 40))}`);
  }
}

export function encodeCommand(args: readonly string[]): string {
  let out = `*${args.length}\r\n`;
  for (const a of args) out += `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`;
  return out;
}

export class RespClient {
  private buffer = '';
  private waiters: { resolve: (r: ParsedReply) => void; reject: (e: Error) => void }[] = [];
  private queued: ParsedReply[] = [];
  closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => this.onData(d));
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w.reject(new Error('connection closed'));
    });
    socket.on('error', () => undefined);
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ port, host }, () => resolve(new RespClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends one command and waits for its reply. */
  async call(...args: string[]): Promise<ParsedReply> {
    this.writeRaw(encodeCommand(args));
    return this.next();
  }

  writeRaw(data: string): void {
    this.socket.write(data, 'latin1');
  }

  /** The next reply or push frame, in arrival order. */
  next(timeoutMs = 5_000): Promise<ParsedReply> {
    const ready = this.queued.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.closed) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a reply')), timeoutMs);
      this.waiters.push({
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  /** Resolves when the server closes the connection. */
  waitClosed(timeoutMs = 5_000): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('connection still open')), timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(data: string): void {
    this.buffer += data;
    for (;;) {
      const r = parseReply(this.buffer, 0);
      if (r === null) break;
      const reply = { node: r.node, raw: this.buffer.slice(0, r.end) };
      this.buffer = this.buffer.slice(r.end);
      const w = this.waiters.shift();
      if (w !== undefined) w.resolve(reply);
      else this.queued.push(reply);
    }
  }
}

/** Converts a reply tree to plain JS for readable assertions (maps become arrays of pairs). */
export function plain(node: RespNode): unknown {
  switch (node.type) {
    case 'array':
    case 'push':
    case 'set':
      return node.value.map(plain);
    case 'map':
    case 'attr':
      return node.value.map(([k, v]) => [plain(k), plain(v)]);
    case 'null':
    case 'nullbulk':
    case 'nullarray':
      return null;
    default:
      return node.value;
  }
}
