/**
 * Replication between simulated data nodes, over the simulated network so partitions and
 * crashes affect it as they would. Replica side: connect (right after REPLICAOF, then from the
 * 1 s cron), handshake `[AUTH] PING, REPLCONF listening-port, PSYNC`, then `master_link_status`
 * is up and the offset follows the master's stream; every second a `REPLCONF ACK <offset>`;
 * no data for repl-timeout drops the link. Master side: PSYNC registers the session as a
 * replica (listed in INFO with its IP and listening port), writes and propagated PUBLISHes move
 * the offset, the stream is forwarded as internal `@repl <offset> [argv...]` frames, and a
 * replica silent for repl-timeout is dropped. A replica forwards the stream to its own
 * replicas (chained replication shares the replid and offsets).
 */
import type { Reply } from '../../src/resp/values.js';
import { lookup } from './context.js';
import type { Conn } from './net.js';
import type { RedisNode, Session } from './redis-node.js';

export type ReplState = 'none' | 'connect' | 'handshake' | 'connected';

interface ReplicaEntry {
  readonly session: Session;
  readonly ip: string;
  listeningPort: number;
  ackOffset: number;
  ackMono: number;
}

const REPL_PING_PERIOD_MS = 10_000;
/** A propagated PING (`*1\r\n$4\r\nPING\r\n`) moves the offset by 14 bytes. */
const PING_BYTES = 14;

export class Replication {
  masterHost: string | null = null;
  masterPort = 0;
  state: ReplState = 'none';
  conn: Conn | null = null;
  lastIoMono = 0;
  /** Unix seconds when the link was last lost; 0 if it never was up. */
  downSinceWallSec = 0;
  replid = '';
  replid2 = '0000000000000000000000000000000000000000';
  offset = 0;
  secondOffset = -1;
  private readonly replicas = new Map<Session, ReplicaEntry>();
  private lastPingMono = 0;

  constructor(private readonly node: RedisNode) {}

  start(replicaOf: { host: string; port: number } | null): void {
    this.replid = this.node.ctx.rng.hex(40);
    this.lastPingMono = this.node.nowMono();
    this.downSinceWallSec = 0;
    if (replicaOf === null) {
      this.masterHost = null;
      this.state = 'none';
      return;
    }
    this.masterHost = replicaOf.host;
    this.masterPort = replicaOf.port;
    this.state = 'connect';
    this.connect();
  }

  crashed(): void {
    this.replicas.clear();
    this.conn = null;
    this.state = this.masterHost === null ? 'none' : 'connect';
  }

  /** REPLICAOF host port. */
  follow(host: string, port: number): void {
    this.dropLink('replicaof');
    this.masterHost = host;
    this.masterPort = port;
    this.state = 'connect';
    this.node.event('replicaof', `${host} ${port}`);
    this.connect();
  }

  /** REPLICAOF NO ONE: keep the data, start a new history. */
  promote(): void {
    if (this.masterHost === null) return;
    this.dropLink('replicaof no one');
    this.masterHost = null;
    this.state = 'none';
    this.downSinceWallSec = 0;
    this.replid2 = this.replid;
    this.secondOffset = this.offset + 1;
    this.replid = this.node.ctx.rng.hex(40);
    this.node.event('replicaof', 'no-one');
  }

  replicaList(nowMono: number): { ip: string; port: number; offset: number; lagSec: number }[] {
    return [...this.replicas.values()].map((r) => ({
      ip: r.ip,
      port: r.listeningPort,
      offset: r.ackOffset,
      lagSec: Math.floor((nowMono - r.ackMono) / 1000),
    }));
  }

  /** Master side: PSYNC on a session. */
  onPsync(session: Session, listeningPort: number): Reply {
    if (this.masterHost !== null && this.state !== 'connected') {
      return { t: 'error', v: "NOMASTERLINK Can't SYNC while not connected with my master" };
    }
    session.isReplica = true;
    this.replicas.set(session, {
      session,
      ip: session.conn.clientIp,
      listeningPort,
      ackOffset: this.offset,
      ackMono: this.node.nowMono(),
    });
    return { t: 'simple', v: `FULLRESYNC ${this.replid} ${this.offset}` };
  }

  onAck(session: Session, offset: number): void {
    const entry = this.replicas.get(session);
    if (entry === undefined) return;
    entry.ackOffset = offset;
    entry.ackMono = this.node.nowMono();
  }

  replicaGone(session: Session): void {
    this.replicas.delete(session);
  }

  /** A write on a master (or a propagated command): moves the offset and feeds the replicas. */
  propagate(argv: readonly string[], bytes = commandBytes(argv)): void {
    this.offset += bytes;
    this.forward(this.offset, argv);
  }

  cron(): void {
    const now = this.node.nowMono();
    if (this.state === 'connect') this.connect();
    // As Redis: repl-timeout also ends a handshake that stalls (its replies lost in a partition),
    // so the replica connects again; without it a replica could wait in handshake forever.
    if (this.state === 'handshake' && this.conn !== null && now - this.lastIoMono > this.node.options.replTimeoutMs) {
      this.dropLink('timeout');
    } else if (this.state === 'connected' && this.conn !== null) {
      if (now - this.lastIoMono > this.node.options.replTimeoutMs) this.dropLink('timeout');
      else this.node.ctx.net.request(this.conn, ['REPLCONF', 'ACK', String(this.offset)]);
    }
    for (const r of [...this.replicas.values()]) {
      if (now - r.ackMono > this.node.options.replTimeoutMs) {
        this.replicas.delete(r.session);
        this.node.sessions.delete(r.session.conn);
        this.node.ctx.net.closeByServer(r.session.conn);
      }
    }
    if (this.masterHost !== null) return;
    if (now < this.node.writesPausedUntilMono) return;
    if (this.node.options.writeBytesPerSec > 0) this.propagate([], this.node.options.writeBytesPerSec);
    if (this.replicas.size > 0 && now - this.lastPingMono >= REPL_PING_PERIOD_MS) {
      this.lastPingMono = now;
      this.propagate(['PING'], PING_BYTES);
    }
  }

  private forward(offset: number, argv: readonly string[]): void {
    const frame: Reply = { t: 'array', v: [{ t: 'bulk', v: '@repl' }, { t: 'int', v: offset }, ...argv.map((a) => ({ t: 'bulk' as const, v: a }))] };
    for (const r of this.replicas.values()) this.node.send(r.session, frame);
  }

  private connect(): void {
    if (this.masterHost === null || this.conn !== null) return;
    const ip = lookup(this.node.ctx, this.masterHost);
    if (ip === null) return;
    const conn = this.node.ctx.net.connect(this.node.nodeId, this.node.ip, ip, this.masterPort, {
      onUp: () => this.onUp(conn),
      onFrame: (frame) => this.onFrame(conn, frame),
      onDown: (reason) => this.onDown(conn, reason),
    });
    this.conn = conn;
    this.state = 'handshake';
    this.lastIoMono = this.node.nowMono();
  }

  private onUp(conn: Conn): void {
    if (conn !== this.conn) return;
    const net = this.node.ctx.net;
    if (this.node.options.masterauth !== null) net.request(conn, ['AUTH', this.node.options.masterauth]);
    net.request(conn, ['PING']);
    net.request(conn, ['REPLCONF', 'listening-port', String(this.node.port)]);
    net.request(conn, ['PSYNC', this.replid, String(this.offset + 1)]);
  }

  private onFrame(conn: Conn, frame: Reply): void {
    if (conn !== this.conn) return;
    this.lastIoMono = this.node.nowMono();
    if (this.state === 'handshake') return this.onHandshakeReply(frame);
    if (frame.t !== 'array' || frame.v[0]?.t !== 'bulk' || frame.v[0].v !== '@repl' || frame.v[1]?.t !== 'int') return;
    const argv = frame.v.slice(2).map((r) => (r.t === 'bulk' ? r.v : ''));
    this.offset = frame.v[1].v;
    if (argv[0]?.toLowerCase() === 'publish' && argv.length === 3) this.node.deliver(argv[1]!, argv[2]!);
    this.forward(this.offset, argv);
  }

  private onHandshakeReply(frame: Reply): void {
    if (frame.t === 'error') return this.dropLink(`handshake: ${frame.v}`);
    if (frame.t !== 'simple' || !frame.v.startsWith('FULLRESYNC ')) return;
    const [, replid, offset] = frame.v.split(' ');
    this.replid = replid!;
    this.offset = Number(offset);
    this.state = 'connected';
    this.node.event('master-link', 'up');
  }

  private onDown(conn: Conn, reason: string): void {
    if (conn !== this.conn) return;
    this.conn = null;
    this.linkLost(reason);
  }

  private dropLink(reason: string): void {
    const conn = this.conn;
    if (conn === null) return;
    this.conn = null;
    this.node.ctx.net.closeByClient(conn);
    this.linkLost(reason);
  }

  private linkLost(reason: string): void {
    const wasUp = this.state === 'connected';
    this.state = this.masterHost === null ? 'none' : 'connect';
    if (!wasUp) return;
    this.downSinceWallSec = Math.floor(this.node.nowWall() / 1000);
    this.node.event('master-link', `down ${reason}`);
  }
}

/** The RESP length of a command as it is written to the replication stream. */
function commandBytes(argv: readonly string[]): number {
  let n = `*${argv.length}\r\n`.length;
  for (const a of argv) n += `$${a.length}\r\n`.length + a.length + 2;
  return n;
}
