/**
 * A model of a Redis 7.0 data node, enough for Sentinel: a listening port with client sessions
 * (commands in redis-commands.ts), a role, and replication over the simulated network
 * (redis-replication.ts): a replica connects to its master, handshakes (REPLCONF, PSYNC), then
 * follows the master's offset, receives propagated PUBLISHes and ACKs every second; a master
 * lists its connected replicas in INFO. Crash drops every connection and all sessions; restart
 * draws a new run id from the simulation's seed and comes back with the role of its last
 * CONFIG REWRITE (or its start-up config), optionally LOADING for a while; a wiped node (lost
 * volume) restarts empty, as a master.
 */
import type { Reply } from '../../src/resp/values.js';
import type { SimContext } from './context.js';
import type { Conn, Listener, ServerEnd } from './net.js';
import { executeCommand } from './redis-commands.js';
import { renderInfo } from './redis-info.js';
import { Replication } from './redis-replication.js';

export interface RedisOptions {
  readonly port: number;
  /** `host port` of the master at start-up; null for a master. */
  readonly replicaOf: { readonly host: string; readonly port: number } | null;
  readonly priority: number;
  readonly announced: boolean;
  readonly requirepass: string | null;
  readonly masterauth: string | null;
  /** Bytes per second written to a master (moves the replication offset). */
  readonly writeBytesPerSec: number;
  /** After a restart, how long PING answers -LOADING. */
  readonly loadingMs: number;
  /** replica-serve-stale-data: when false, PING answers -MASTERDOWN while the link is down. */
  readonly serveStale: boolean;
  readonly replTimeoutMs: number;
}

export const DEFAULT_REDIS_OPTIONS: RedisOptions = {
  port: 6379,
  replicaOf: null,
  priority: 100,
  announced: true,
  requirepass: null,
  masterauth: null,
  writeBytesPerSec: 0,
  loadingMs: 0,
  serveStale: true,
  replTimeoutMs: 60_000,
};

export const MAX_SESSIONS = 10_000;

export interface Session {
  readonly id: number;
  readonly conn: Conn;
  name: string;
  authed: boolean;
  readonly channels: Set<string>;
  multi: (readonly string[])[] | null;
  multiDirty: boolean;
  /** Set once the session turned into a replica's link (PSYNC). */
  isReplica: boolean;
  /** REPLCONF listening-port, kept until PSYNC. */
  listeningPort: number | null;
}

export class RedisNode implements Listener {
  up = false;
  runId = '';
  startMono = 0;
  loadingUntilMono = 0;
  busy = false;
  /** CLIENT PAUSE ... WRITE in force until this monotonic time (0: none): writes and replication PINGs wait. */
  writesPausedUntilMono = 0;
  priority: number;
  announced: boolean;
  serveStale: boolean;
  /** What CONFIG REWRITE last saved (the role a restart comes back with). */
  savedReplicaOf: { host: string; port: number } | null;
  readonly sessions = new Map<Conn, Session>();
  readonly repl: Replication;
  private nextSessionId = 1;

  constructor(
    readonly ctx: SimContext,
    readonly nodeId: string,
    readonly ip: string,
    readonly options: RedisOptions,
  ) {
    this.priority = options.priority;
    this.announced = options.announced;
    this.serveStale = options.serveStale;
    this.savedReplicaOf = options.replicaOf === null ? null : { ...options.replicaOf };
    this.repl = new Replication(this);
    ctx.world.addNode(nodeId);
  }

  get port(): number {
    return this.options.port;
  }

  nowMono(): number {
    return this.ctx.world.clock(this.nodeId).read(this.ctx.world.now).mono;
  }

  nowWall(): number {
    return this.ctx.world.clock(this.nodeId).read(this.ctx.world.now).wall;
  }

  event(type: string, payload: string): void {
    this.ctx.trace.add(this.ctx.world.now, this.nodeId, type, payload);
  }

  start(loading: boolean): void {
    if (this.up) throw new Error(`${this.nodeId} is already running`);
    this.up = true;
    this.runId = this.ctx.rng.hex(40);
    this.startMono = this.nowMono();
    this.loadingUntilMono = loading ? this.startMono + this.options.loadingMs : 0;
    this.busy = false;
    this.writesPausedUntilMono = 0;
    this.ctx.net.listen(this.ip, this.port, this);
    this.repl.start(this.savedReplicaOf);
    this.scheduleCron();
  }

  /** CONFIG SET replica-priority (or the swarm's fault of the same effect). */
  setPriority(priority: number): void {
    this.priority = priority;
  }

  /**
   * Before a restart: the node lost its volume (a pod rescheduled without it) and comes back
   * from a bare config: no data, and master (no replicaof line). Sentinel then sees an empty
   * master: its own master restarted (a new run id, replicas resync from it) or a replica that
   * claims to be a master (converted back). Coming back with a stale start-up `replicaof`
   * instead could form a replication cycle no sentinel rule repairs.
   */
  wipe(): void {
    if (this.up) throw new Error(`${this.nodeId} is running; crash it before wiping it`);
    this.repl.offset = 0;
    this.repl.secondOffset = -1;
    this.savedReplicaOf = null;
  }

  crash(): void {
    if (!this.up) return;
    this.up = false;
    this.ctx.world.crash(this.nodeId);
    this.ctx.net.crashNode(this.nodeId);
    this.sessions.clear();
    this.repl.crashed();
  }

  accept(conn: Conn): ServerEnd {
    if (this.sessions.size >= MAX_SESSIONS) throw new Error(`${this.nodeId}: more than ${MAX_SESSIONS} sessions`);
    const session: Session = {
      id: this.nextSessionId++,
      conn,
      name: '',
      authed: this.options.requirepass === null,
      channels: new Set(),
      multi: null,
      multiDirty: false,
      isReplica: false,
      listeningPort: null,
    };
    this.sessions.set(conn, session);
    return {
      onRequest: (argv) => this.onRequest(session, argv),
      onClosed: () => this.dropSession(session),
    };
  }

  /** Sends to one client (a reply or a push). */
  send(session: Session, frame: Reply): void {
    this.ctx.net.frame(session.conn, frame);
  }

  dropSession(session: Session): void {
    this.sessions.delete(session.conn);
    if (session.isReplica) this.repl.replicaGone(session);
  }

  /** Delivers a published message to this node's subscribers; returns how many got it. */
  deliver(channel: string, message: string): number {
    let n = 0;
    for (const s of this.sessions.values()) {
      if (!s.channels.has(channel)) continue;
      this.send(s, { t: 'array', v: [bulk('message'), bulk(channel), bulk(message)] });
      n++;
    }
    return n;
  }

  info(section: string): string {
    const mono = this.nowMono();
    const r = this.repl;
    return renderInfo(
      {
        runId: this.runId,
        port: this.port,
        uptimeSec: Math.floor((mono - this.startMono) / 1000),
        connectedClients: [...this.sessions.values()].filter((s) => !s.isReplica).length,
        role: r.masterHost === null ? 'master' : 'slave',
        masterHost: r.masterHost,
        masterPort: r.masterPort,
        linkUp: r.state === 'connected',
        lastIoSecondsAgo: Math.floor((mono - r.lastIoMono) / 1000),
        linkDownSinceSec: r.downSinceWallSec === 0 ? -1 : Math.floor(this.nowWall() / 1000) - r.downSinceWallSec,
        priority: this.priority,
        readOnly: true,
        announced: this.announced,
        replicas: r.replicaList(mono),
        replid: r.replid,
        replid2: r.replid2,
        offset: r.offset,
        secondOffset: r.secondOffset,
      },
      section.toLowerCase(),
    );
  }

  private onRequest(session: Session, argv: readonly string[]): void {
    if (!this.up || !this.sessions.has(session.conn) || argv.length === 0) return;
    const reply = executeCommand(this, session, argv);
    if (reply !== null) this.send(session, reply);
  }

  private scheduleCron(): void {
    this.ctx.world.after(1_000, this.nodeId, `${this.nodeId} cron`, () => {
      if (!this.up) return;
      this.repl.cron();
      this.scheduleCron();
    });
  }
}

export function bulk(v: string): Reply {
  return { t: 'bulk', v };
}
