/**
 * The TCP adapter for clients of the sentinel. It frames requests (RequestReader), hands each
 * read's commands to the runtime in one call, and writes that read's replies in one socket
 * write, which keeps pipelined traffic cheap. It enforces the per-client bounds that need a
 * socket: protocol errors (reply, then close), query-buffer overflow (close), and the output
 * limit for slow subscribers (close).
 */
import net from 'node:net';
import { RequestReader, type ReaderLimits } from '../resp/request-reader.js';

export interface ClientHandlers {
  onOpen(clientId: number, addr: string, laddr: string): void;
  onCommands(clientId: number, commands: string[][]): void;
  onClose(clientId: number): void;
  /** Whether the client must authenticate before sending large requests. */
  isUnauthenticated(clientId: number): boolean;
  /** Whether the client is subscribed (output limits apply to subscribers). */
  isSubscriber(clientId: number): boolean;
  log(level: 'verbose' | 'notice' | 'warning', text: string): void;
}

export interface ServerLimits extends ReaderLimits {
  /** Pending output bytes after which a subscriber is dropped; 0 disables. */
  readonly pubsubOutputHardLimit: number;
}

class Connection {
  out = '';
  closeAfterFlush = false;
  readonly reader: RequestReader;

  constructor(
    readonly id: number,
    readonly socket: net.Socket,
    limits: ReaderLimits,
  ) {
    this.reader = new RequestReader(limits);
  }
}

export class ClientServer {
  private readonly connections = new Map<number, Connection>();
  private readonly servers: net.Server[] = [];
  private nextId = 1;
  /** Connections with output waiting for flush(). */
  private readonly dirty = new Set<Connection>();

  constructor(
    private readonly handlers: ClientHandlers,
    private readonly limits: ServerLimits,
  ) {}

  /** Listens on every bind address (all interfaces when none). Rejects with the OS error. */
  async listen(port: number, bind: readonly string[]): Promise<void> {
    const hosts: (string | undefined)[] = bind.length === 0 ? [undefined] : bind.map(bindHost);
    for (const host of hosts) {
      const server = net.createServer({ noDelay: true }, (socket) => this.accept(socket));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        // `::` next to `0.0.0.0` must not also claim IPv4, as with Redis's `bind * -::*`.
        server.listen({ port, host, exclusive: true, ipv6Only: host === '::' && hosts.includes('0.0.0.0') }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      this.servers.push(server);
    }
  }

  /** Queues encoded output for a client; written at flush(). */
  queue(clientId: number, data: string): void {
    const conn = this.connections.get(clientId);
    if (conn === undefined || conn.socket.destroyed) return;
    conn.out += data;
    this.dirty.add(conn);
  }

  /** Closes a client after everything queued so far has been written. */
  closeAfterWrite(clientId: number): void {
    const conn = this.connections.get(clientId);
    if (conn === undefined) return;
    conn.closeAfterFlush = true;
    this.dirty.add(conn);
  }

  /** Writes all queued output, one write per client. */
  flush(): void {
    for (const conn of this.dirty) {
      if (conn.out !== '') {
        conn.socket.write(conn.out, 'latin1');
        conn.out = '';
        this.enforceOutputLimit(conn);
      }
      if (conn.closeAfterFlush) conn.socket.end();
    }
    this.dirty.clear();
  }

  async close(): Promise<void> {
    for (const conn of this.connections.values()) conn.socket.destroy();
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  private accept(socket: net.Socket): void {
    const id = this.nextId++;
    const conn = new Connection(id, socket, this.limits);
    this.connections.set(id, conn);
    socket.setNoDelay(true);
    this.handlers.onOpen(id, formatAddr(socket.remoteAddress, socket.remotePort), formatAddr(socket.localAddress, socket.localPort));
    socket.on('data', (chunk: Buffer) => this.onData(conn, chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.connections.delete(id);
      this.dirty.delete(conn);
      this.handlers.onClose(id);
    });
  }

  private onData(conn: Connection, chunk: Buffer): void {
    if (conn.closeAfterFlush) return;
    conn.reader.unauthenticated = this.handlers.isUnauthenticated(conn.id);
    const result = conn.reader.feed(chunk);
    if (result.commands.length > 0) this.handlers.onCommands(conn.id, result.commands);
    if (result.kind === 'protocol-error') {
      this.handlers.log('verbose', `Protocol error (${result.message}) from client: id=${conn.id}`);
      this.queue(conn.id, `-ERR ${result.message}\r\n`);
      this.closeAfterWrite(conn.id);
    } else if (result.kind === 'query-buffer-overflow') {
      this.handlers.log('warning', `Closing client that reached max query buffer length: id=${conn.id}`);
      conn.socket.destroy();
    }
    this.flush();
  }

  private enforceOutputLimit(conn: Connection): void {
    const limit = this.limits.pubsubOutputHardLimit;
    if (limit > 0 && conn.socket.writableLength > limit && this.handlers.isSubscriber(conn.id)) {
      this.handlers.log('warning', `Client id=${conn.id} scheduled to be closed ASAP for overcoming of output buffer limits.`);
      conn.socket.destroy();
    }
  }
}

/** Redis bind syntax: a leading '-' marks an optional address; `*` and `::*` mean any. */
function bindHost(entry: string): string {
  const host = entry.startsWith('-') ? entry.slice(1) : entry;
  if (host === '*') return '0.0.0.0';
  if (host === '::*') return '::';
  return host;
}

function formatAddr(ip: string | undefined, port: number | undefined): string {
  const host = ip ?? '?';
  return host.includes(':') && !host.startsWith('::ffff:') ? `[${host}]:${port ?? 0}` : `${host.replace(/^::ffff:/, '')}:${port ?? 0}`;
}
