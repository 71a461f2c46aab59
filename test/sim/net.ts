/**
 * The simulated network: connections from a client (a sentinel link, a replica's replication
 * link, a scenario client) to a listening node, each direction a FIFO with a delay (plus seeded
 * jitter, never reordering). It decides what faults look like:
 * - a close is orderly: what was sent before it arrives first, then the other end learns;
 * - a break (crash, partition, `break`) drops what is in flight and tells each live end once;
 * - a two-way partition breaks the connections across it and refuses new ones;
 * - a one-way block silently drops what travels that way (a black hole) and makes connection
 *   attempts between the two sides time out.
 * - latency: extra one-way delay between two nodes (stalls are long latency), still FIFO.
 * Requests travel as argv, answers as RESP values (already in their wire shape). Every
 * direction's in-flight count is bounded; past the bound the connection breaks.
 */
import type { Reply } from '../../src/resp/values.js';
import type { Rng } from '../../src/core/rng.js';
import type { World } from './world.js';

export interface ClientEnd {
  onUp(localIp: string, localPort: number): void;
  onFrame(frame: Reply): void;
  onDown(reason: string): void;
}

export interface ServerEnd {
  onRequest(argv: readonly string[]): void;
  onClosed(reason: string): void;
}

export interface Listener {
  readonly nodeId: string;
  accept(conn: Conn): ServerEnd;
}

export const MAX_IN_FLIGHT = 10_000;
export const FIRST_EPHEMERAL_PORT = 40_000;

export class Conn {
  /** 'open' once the client end knows it is connected (until then requests wait in pendingOut). */
  state: 'connecting' | 'open' | 'closed' = 'connecting';
  /** The server side accepted it (the kernel did; the process learns when it runs). */
  accepted = false;
  /** In-flight data is dropped once broken. */
  broken = false;
  /** Each end is told of the end of the connection (or ended it itself) exactly once. */
  clientDone = false;
  serverDone = false;
  server: ServerEnd | null = null;
  readonly pendingOut: (readonly string[])[] = [];
  toServerAt = 0;
  toClientAt = 0;
  inFlightToServer = 0;
  inFlightToClient = 0;

  constructor(
    readonly id: number,
    readonly clientNode: string,
    readonly clientIp: string,
    readonly clientPort: number,
    readonly serverIp: string,
    readonly serverPort: number,
    readonly client: ClientEnd,
    public serverNode: string,
  ) {}

  get clientAddr(): string {
    return `${this.clientIp}:${this.clientPort}`;
  }

  get serverAddr(): string {
    return `${this.serverIp}:${this.serverPort}`;
  }
}

interface Block {
  readonly from: ReadonlySet<string>;
  readonly to: ReadonlySet<string>;
  readonly twoWay: boolean;
}

export class Net {
  delayMs = 1;
  jitterMs = 0;
  /** How long a connection attempt into a black hole takes to fail (the Node adapter's bound). */
  connectTimeoutMs = 5_000;
  private readonly listeners = new Map<string, Listener>();
  private readonly conns = new Set<Conn>();
  private readonly blocks = new Set<Block>();
  private readonly nextPort = new Map<string, number>();
  /** Extra one-way delay from node to node (`from>to`): latency, stalls, replication lag. */
  private readonly extraDelay = new Map<string, number>();
  private nextConnId = 1;

  constructor(
    private readonly world: World,
    private readonly rng: Rng,
  ) {}

  listen(ip: string, port: number, listener: Listener): void {
    const key = `${ip}:${port}`;
    if (this.listeners.has(key)) throw new Error(`address in use: ${key}`);
    this.listeners.set(key, listener);
  }

  unlisten(ip: string, port: number): void {
    this.listeners.delete(`${ip}:${port}`);
  }

  openConnections(): readonly Conn[] {
    return [...this.conns];
  }

  connect(clientNode: string, clientIp: string, host: string, port: number, client: ClientEnd): Conn {
    const localPort = this.nextPort.get(clientIp) ?? FIRST_EPHEMERAL_PORT;
    this.nextPort.set(clientIp, localPort + 1);
    const target = this.listeners.get(`${host}:${port}`);
    const conn = new Conn(this.nextConnId++, clientNode, clientIp, localPort, host, port, client, target?.nodeId ?? '');
    this.conns.add(conn);
    this.world.after(this.delay(clientNode, target?.nodeId ?? ''), null, `syn ${conn.clientAddr}->${conn.serverAddr}`, () => this.arrive(conn));
    return conn;
  }

  /** Client to server. Before the connection is up, requests wait in the socket's buffer. */
  request(conn: Conn, argv: readonly string[]): void {
    if (conn.clientDone || conn.broken) return;
    if (conn.state === 'connecting') {
      conn.pendingOut.push(argv);
      return;
    }
    if (this.isBlocked(conn.clientNode, conn.serverNode)) return;
    this.toServer(conn, `req ${argv[0] ?? ''}`, () => conn.server?.onRequest(argv));
  }

  /** Server to client. */
  frame(conn: Conn, frame: Reply): void {
    if (conn.serverDone || conn.broken || !conn.accepted) return;
    if (this.isBlocked(conn.serverNode, conn.clientNode)) return;
    this.toClient(conn, 'frame', () => conn.client.onFrame(frame));
  }

  /** The client closes: the server still gets what was sent, then learns of the close. */
  closeByClient(conn: Conn): void {
    if (conn.clientDone) return;
    conn.clientDone = true;
    conn.state = 'closed';
    conn.pendingOut.length = 0;
    if (!conn.accepted) {
      conn.serverDone = true;
      this.conns.delete(conn);
      return;
    }
    this.toServer(conn, 'fin', () => this.tellServer(conn, 'client closed the connection'));
  }

  /** The server closes (CLIENT KILL, close after reply): the client gets what was sent, then the close. */
  closeByServer(conn: Conn): void {
    if (conn.serverDone) return;
    conn.serverDone = true;
    this.toClient(conn, 'fin', () => this.tellClient(conn, 'Connection closed by server'));
  }

  /** A fault: in-flight data is lost; each end still alive learns of it once. */
  break(conn: Conn, reason: string, silentNode: string | null = null): void {
    if (conn.broken) return;
    conn.broken = true;
    conn.state = 'closed';
    if (!conn.clientDone && conn.clientNode !== silentNode) {
      this.world.after(this.delay(), conn.clientNode, `rst ${conn.clientAddr}`, () => this.tellClient(conn, reason));
    } else conn.clientDone = true;
    if (conn.accepted && !conn.serverDone && conn.serverNode !== silentNode) {
      this.world.after(this.delay(), conn.serverNode, `rst ${conn.serverAddr}`, () => this.tellServer(conn, reason));
    } else conn.serverDone = true;
    this.maybeForget(conn);
  }

  /** A node crashed: its connections break (it hears nothing), its ports stop listening. */
  crashNode(nodeId: string): void {
    for (const [key, l] of [...this.listeners]) if (l.nodeId === nodeId) this.listeners.delete(key);
    for (const conn of [...this.conns]) {
      if (conn.clientNode === nodeId || conn.serverNode === nodeId) this.break(conn, 'Connection reset by peer', nodeId);
    }
  }

  /** Breaks every connection between the two nodes (either direction). */
  breakBetween(a: string, b: string): number {
    let n = 0;
    for (const conn of [...this.conns]) {
      const ends = [conn.clientNode, conn.serverNode];
      if (ends.includes(a) && ends.includes(b) && a !== b) {
        this.break(conn, 'Connection reset by peer');
        n++;
      }
    }
    return n;
  }

  /** Nodes in `from` can't reach nodes in `to` (and back, if twoWay). Returns a handle for heal. */
  partition(from: readonly string[], to: readonly string[], twoWay: boolean): object {
    const block: Block = { from: new Set(from), to: new Set(to), twoWay };
    this.blocks.add(block);
    if (twoWay) {
      for (const conn of [...this.conns]) {
        if (this.isCut(conn.clientNode, conn.serverNode)) this.break(conn, 'Connection timed out');
      }
    }
    return block;
  }

  /** Messages from `from` to `to` take `ms` longer (0 removes it); FIFO order is kept. */
  setLatency(from: string, to: string, ms: number): void {
    if (ms > 0) this.extraDelay.set(`${from}>${to}`, ms);
    else this.extraDelay.delete(`${from}>${to}`);
  }

  clearLatency(): void {
    this.extraDelay.clear();
  }

  heal(handle?: object): void {
    if (handle === undefined) this.blocks.clear();
    else this.blocks.delete(handle as Block);
  }

  /** Messages from `a` to `b` are dropped. */
  isBlocked(a: string, b: string): boolean {
    for (const block of this.blocks) {
      if (block.from.has(a) && block.to.has(b)) return true;
      if (block.twoWay && block.from.has(b) && block.to.has(a)) return true;
    }
    return false;
  }

  /** A two-way partition separates them. */
  private isCut(a: string, b: string): boolean {
    for (const block of this.blocks) {
      if (!block.twoWay) continue;
      if ((block.from.has(a) && block.to.has(b)) || (block.from.has(b) && block.to.has(a))) return true;
    }
    return false;
  }

  private arrive(conn: Conn): void {
    if (conn.clientDone || conn.broken) return;
    const listener = this.listeners.get(conn.serverAddr);
    if (listener !== undefined) conn.serverNode = listener.nodeId;
    if (listener !== undefined && this.isCut(conn.clientNode, listener.nodeId)) return this.refuse(conn, 'No route to host', 0);
    if (listener !== undefined && (this.isBlocked(conn.clientNode, listener.nodeId) || this.isBlocked(listener.nodeId, conn.clientNode))) {
      return this.refuse(conn, 'Connection timed out', this.connectTimeoutMs);
    }
    if (listener === undefined) return this.refuse(conn, 'Connection refused', this.delay());
    // The kernel accepts even if the process is stopped; the process learns when it runs.
    conn.accepted = true;
    conn.toServerAt = this.world.now;
    this.toServer(conn, 'accept', () => (conn.server = listener.accept(conn)), 0);
    this.toClient(conn, 'connected', () => {
      if (conn.state !== 'connecting') return;
      conn.state = 'open';
      for (const argv of conn.pendingOut.splice(0)) this.request(conn, argv);
      conn.client.onUp(conn.clientIp, conn.clientPort);
    });
  }

  private refuse(conn: Conn, reason: string, afterMs: number): void {
    conn.state = 'closed';
    conn.serverDone = true;
    this.world.after(afterMs, conn.clientNode, `refused ${conn.serverAddr}`, () => this.tellClient(conn, reason));
  }

  private tellClient(conn: Conn, reason: string): void {
    if (conn.clientDone) return;
    conn.clientDone = true;
    conn.state = 'closed';
    this.maybeForget(conn);
    conn.client.onDown(reason);
  }

  private tellServer(conn: Conn, reason: string): void {
    if (conn.serverDone) return;
    conn.serverDone = true;
    this.maybeForget(conn);
    conn.server?.onClosed(reason);
  }

  private maybeForget(conn: Conn): void {
    if (conn.clientDone && conn.serverDone) this.conns.delete(conn);
  }

  private toServer(conn: Conn, label: string, deliver: () => void, delayMs = this.delay(conn.clientNode, conn.serverNode)): void {
    if (++conn.inFlightToServer > MAX_IN_FLIGHT) return this.break(conn, 'in-flight bound exceeded');
    const time = Math.max(this.world.now + delayMs, conn.toServerAt);
    conn.toServerAt = time;
    this.world.at(time, conn.serverNode, `${label} ${conn.clientAddr}->${conn.serverAddr}`, () => {
      conn.inFlightToServer--;
      if (!conn.broken && !conn.serverDone) deliver();
    });
  }

  private toClient(conn: Conn, label: string, deliver: () => void): void {
    if (++conn.inFlightToClient > MAX_IN_FLIGHT) return this.break(conn, 'in-flight bound exceeded');
    const time = Math.max(this.world.now + this.delay(conn.serverNode, conn.clientNode), conn.toClientAt);
    conn.toClientAt = time;
    this.world.at(time, conn.clientNode, `${label} ${conn.serverAddr}->${conn.clientAddr}`, () => {
      conn.inFlightToClient--;
      if (!conn.broken && !conn.clientDone) deliver();
    });
  }

  private delay(from = '', to = ''): number {
    const extra = this.extraDelay.size === 0 ? 0 : (this.extraDelay.get(`${from}>${to}`) ?? 0);
    return this.delayMs + extra + (this.jitterMs > 0 ? this.rng.below(this.jitterMs + 1) : 0);
  }
}
