/**
 * One simulated sentinel process: the real SentinelCore, run by a small synchronous runtime
 * whose ports are the simulation's. It decides how each action is carried out, and checks the
 * io.ts contract while doing so (a broken contract throws):
 * - persist: the config file is a string, rewritten with config-rewrite.ts before any action
 *   of the batch leaves (a fault can make it fail: replies then use `ifPersistFails`);
 * - link-open/-send/-close: connections on the simulated net; `cmd` replies are matched to
 *   tags FIFO and come back as link-reply, `pubsub` frames as link-frame; each link reports
 *   link-up then link-down (or just link-down) once, and nothing after the core closed it;
 * - resolve: answered from the simulated DNS table after a millisecond;
 * - schedule-tick: one pending tick at a time (a new one replaces it). A tick batch that asks
 *   for none gets the production runtime's fixed 100 ms, so the sim runs before the core
 *   schedules its own ticks;
 * - clients: peers' command links arrive on the client port as client-open/-command/-close,
 *   and replies travel back through the wire encoding (wire.ts);
 * - events: a watcher client PSUBSCRIBEd to `*` turns published events into trace lines.
 * Crash loses everything but the config string; restart loads it with config-load.ts.
 * Test-only: every link-send is shown to the context's taps (safety checkers), and the
 * context's planted bugs are set on the core (and the restart path can forget the epochs).
 */
import { createHash } from 'node:crypto';
import { buildAcl } from '../../src/core/acl/build.js';
import type { Action, Input, Ready } from '../../src/core/io.js';
import { Rng } from '../../src/core/rng.js';
import { SentinelCore } from '../../src/core/sentinel-core.js';
import type { Now } from '../../src/core/time.js';
import { hostnamesToResolve, loadConfig, formatFatalConfigError } from '../../src/persistence/config-load.js';
import { rewriteConfig } from '../../src/persistence/config-rewrite.js';
import type { Reply } from '../../src/resp/values.js';
import { lookup, type SimContext } from './context.js';
import type { Conn, Listener, ServerEnd } from './net.js';
import type { SimEvent } from './world.js';
import { overTheWire } from './wire.js';

export const FALLBACK_TICK_MS = 100;
export const MAX_TICK_DELAY_MS = 1_000;
const WATCHER = 1;
const DNS_DELAY_MS = 1;

interface LinkEntry {
  readonly conn: Conn;
  readonly mode: 'cmd' | 'pubsub';
  readonly tags: number[];
  up: boolean;
}

export class SentinelHost implements Listener {
  core: SentinelCore | null = null;
  persistFails = false;
  persistCount = 0;
  /** How often a tick batch asked for no next tick (the 100 ms fallback was used). */
  fallbackTicks = 0;
  /** How many times this sentinel was started (restarts included). */
  starts = 0;
  private readonly links = new Map<number, LinkEntry>();
  private maxLinkId = 0;
  private readonly connByClient = new Map<number, Conn>();
  private nextClientId = WATCHER + 1;
  private tickEvent: SimEvent | null = null;

  constructor(
    readonly ctx: SimContext,
    readonly nodeId: string,
    readonly ip: string,
    readonly port: number,
    public configText: string,
  ) {
    ctx.world.addNode(nodeId);
  }

  get up(): boolean {
    return this.core !== null;
  }

  now(): Now {
    return this.ctx.world.clock(this.nodeId).read(this.ctx.world.now);
  }

  start(): void {
    if (this.core !== null) throw new Error(`${this.nodeId} is already running`);
    const rng = new Rng(this.ctx.rng.nextU32());
    const resolved = new Map<string, string>();
    for (const host of hostnamesToResolve(this.configText)) {
      const ip = lookup(this.ctx, host);
      if (ip !== null) resolved.set(host, ip);
    }
    const now = this.now();
    const loaded = loadConfig(this.configText, { nowMono: now.mono, rng, isExecutable: () => true, resolved });
    if (!loaded.ok) throw new Error(`${this.nodeId}: config does not load:\n${formatFatalConfigError(loaded.error)}`);
    loaded.server.port = this.port;
    if (this.ctx.bugs.core.size > 0) loaded.state.plantedBugs = new Set(this.ctx.bugs.core);
    if (this.starts > 0 && this.ctx.bugs.forgetEpochOnRestart) {
      // Planted bug (swarm self-test): a restart that loses the epochs it had made durable.
      loaded.state.currentEpoch = 0;
      for (const master of loaded.state.masters.values()) master.leaderEpoch = 0;
    }
    this.starts++;
    const process = {
      pid: 1000 + this.ctx.rng.below(30_000),
      runId: this.ctx.rng.hex(40),
      executable: '/usr/bin/vigil',
      configFile: `/sim/${this.nodeId}/sentinel.conf`,
      startWallMs: now.wall,
      startMonoMs: now.mono,
      os: 'Linux sim',
      archBits: 64,
      nodeVersion: 'v20',
      vigilVersion: '0.1.0',
    };
    const acl = buildAcl(loaded.server, (text) => createHash('sha256').update(Buffer.from(text, 'latin1')).digest('hex'));
    this.core = new SentinelCore({ state: loaded.state, server: loaded.server, process, acl, rng });
    this.nextClientId = WATCHER + 1;
    this.maxLinkId = 0; // a new process numbers its links afresh
    this.ctx.net.listen(this.ip, this.port, this);
    this.feed({ kind: 'client-open', now, clientId: WATCHER, addr: '127.0.0.1:1', laddr: `127.0.0.1:${this.port}` });
    this.feed({ kind: 'client-command', now, clientId: WATCHER, argv: ['PSUBSCRIBE', '*'] });
    this.apply(this.core.start(now, loaded.generatedMyid), true);
  }

  crash(): void {
    if (this.core === null) return;
    this.core = null;
    this.ctx.world.crash(this.nodeId);
    this.ctx.net.crashNode(this.nodeId);
    this.links.clear();
    this.connByClient.clear();
    this.tickEvent = null;
  }

  myid(): string {
    return this.core?.env.state.myid ?? '';
  }

  feed(input: Input): void {
    if (this.core === null) return;
    if (this.ctx.trace.wire && input.kind !== 'client-command' && input.kind !== 'client-open') this.wireLog('<', input);
    this.apply(this.core.handle(input), input.kind === 'tick');
  }

  accept(conn: Conn): ServerEnd {
    const clientId = this.nextClientId++;
    this.connByClient.set(clientId, conn);
    this.feed({ kind: 'client-open', now: this.now(), clientId, addr: conn.clientAddr, laddr: conn.serverAddr });
    return {
      onRequest: (argv) => this.feed({ kind: 'client-command', now: this.now(), clientId, argv }),
      onClosed: () => {
        if (!this.connByClient.has(clientId)) return;
        this.forgetClient(clientId);
        this.feed({ kind: 'client-close', now: this.now(), clientId });
      },
    };
  }

  /** Carries out one batch: the core's, or (in tests of this runtime) a hand-made one. */
  apply(ready: Ready, wantsTick: boolean): void {
    let persisted = true;
    if (ready.persist !== null) persisted = this.persist(ready.persist.reason);
    let scheduled = false;
    for (const action of ready.actions) {
      if (this.core === null) return; // an exit earlier in the batch
      if (action.kind === 'schedule-tick') scheduled = true;
      this.run(action, persisted);
    }
    if (wantsTick && !scheduled && this.core !== null) {
      this.fallbackTicks++;
      this.scheduleTick(FALLBACK_TICK_MS);
    }
  }

  private persist(reason: string): boolean {
    const core = this.core!;
    if (this.persistFails) {
      this.ctx.trace.log(this.ctx.world.now, this.nodeId, `persist failed (${reason})`);
      return false;
    }
    this.configText = rewriteConfig(this.configText, core.env.state, core.env.server);
    this.persistCount++;
    return true;
  }

  private run(action: Action, persisted: boolean): void {
    if (this.ctx.trace.wire && action.kind !== 'log') this.wireLog('>', action);
    switch (action.kind) {
      case 'reply': {
        const reply = !persisted && action.ifPersistFails !== undefined ? action.ifPersistFails : action.reply;
        if (action.clientId === WATCHER) return this.onWatcherFrame(reply);
        const conn = this.connByClient.get(action.clientId);
        if (conn !== undefined) this.ctx.net.frame(conn, overTheWire(reply, action.proto));
        return;
      }
      case 'close-client': {
        const conn = this.connByClient.get(action.clientId);
        this.forgetClient(action.clientId);
        if (conn !== undefined) this.ctx.net.closeByServer(conn);
        return;
      }
      case 'log':
        return this.ctx.trace.log(this.ctx.world.now, this.nodeId, `${action.level} ${action.text}`);
      case 'set-loglevel':
        return;
      case 'exit':
        this.ctx.trace.add(this.ctx.world.now, this.nodeId, 'exit', `${action.code} ${action.reason}`);
        return this.crash();
      case 'link-open':
        return this.openLink(action);
      case 'link-send':
        return this.sendOnLink(action.linkId, action.tag, action.argv);
      case 'link-close':
        return this.closeLink(action.linkId);
      case 'resolve': {
        const { requestId, host } = action;
        this.ctx.world.after(DNS_DELAY_MS, this.nodeId, `resolve ${host}`, () => {
          this.feed({ kind: 'resolved', now: this.now(), requestId, host, ip: lookup(this.ctx, host) });
        });
        return;
      }
      case 'schedule-tick':
        if (!(action.delayMs >= 0 && action.delayMs <= MAX_TICK_DELAY_MS)) this.violation(`schedule-tick delay ${action.delayMs}`);
        return this.scheduleTick(action.delayMs);
      case 'script-start': {
        // Simulated scripts succeed: started, then exit 0 a millisecond later.
        const { jobId } = action;
        this.ctx.world.after(1, this.nodeId, `script ${jobId}`, () => {
          this.feed({ kind: 'script-started', now: this.now(), jobId, pid: jobId });
          this.feed({ kind: 'script-exit', now: this.now(), jobId, pid: jobId, exitCode: 0, signal: 0 });
        });
        return;
      }
      case 'script-kill':
        return;
      default: {
        // A new action kind in io.ts must be carried out here too: this fails the build until it is.
        const unknown: never = action;
        return this.violation(`unknown action ${JSON.stringify(unknown)}`);
      }
    }
  }

  private scheduleTick(delayMs: number): void {
    if (this.tickEvent !== null) this.tickEvent.cancelled = true;
    this.tickEvent = this.ctx.world.after(delayMs, this.nodeId, `${this.nodeId} tick`, () => {
      this.tickEvent = null;
      this.feed({ kind: 'tick', now: this.now() });
    });
  }

  private onWatcherFrame(frame: Reply): void {
    if (frame.t !== 'push' && frame.t !== 'array') return;
    const [kind, , channel, message] = frame.v;
    if (kind?.t !== 'bulk' || kind.v !== 'pmessage' || channel?.t !== 'bulk' || message?.t !== 'bulk') return;
    this.ctx.trace.add(this.ctx.world.now, this.nodeId, channel.v, message.v);
  }

  private openLink(action: Extract<Action, { kind: 'link-open' }>): void {
    const { linkId, mode } = action;
    if (linkId <= this.maxLinkId) this.violation(`link-open reuses or goes back on link id ${linkId} (max ${this.maxLinkId})`);
    this.maxLinkId = linkId;
    const target = lookup(this.ctx, action.host) ?? action.host;
    const conn = this.ctx.net.connect(this.nodeId, action.bindSource ?? this.ip, target, action.port, {
      onUp: (localIp, localPort) => {
        const entry = this.links.get(linkId);
        if (entry === undefined) return;
        entry.up = true;
        this.feed({ kind: 'link-up', now: this.now(), linkId, localIp, localPort });
      },
      onFrame: (frame) => this.onLinkFrame(linkId, frame),
      onDown: (reason) => {
        if (!this.links.delete(linkId)) return;
        this.feed({ kind: 'link-down', now: this.now(), linkId, reason });
      },
    });
    this.links.set(linkId, { conn, mode, tags: [], up: false });
  }

  private onLinkFrame(linkId: number, frame: Reply): void {
    const entry = this.links.get(linkId);
    if (entry === undefined) return;
    if (entry.mode === 'pubsub') return this.feed({ kind: 'link-frame', now: this.now(), linkId, frame });
    const tag = entry.tags.shift();
    if (tag === undefined) this.violation(`link ${linkId}: a reply nobody asked for: ${JSON.stringify(frame)}`);
    this.feed({ kind: 'link-reply', now: this.now(), linkId, tag: tag!, reply: frame });
  }

  private sendOnLink(linkId: number, tag: number, argv: readonly string[]): void {
    const entry = this.links.get(linkId);
    if (entry === undefined) {
      // Closed by the core, or reported down to it: sending there is a bug in the core.
      return this.violation(`link-send on ${linkId > this.maxLinkId ? 'unopened' : 'closed or down'} link ${linkId}: ${argv.join(' ')}`);
    }
    if (entry.mode === 'cmd') entry.tags.push(tag);
    for (const tap of this.ctx.taps.linkSend) tap(this.nodeId, entry.conn.serverNode, argv);
    this.ctx.net.request(entry.conn, argv);
  }

  private closeLink(linkId: number): void {
    const entry = this.links.get(linkId);
    // Closing a link already reported down is harmless (close of a dead socket); never-opened is a bug.
    if (entry === undefined) return linkId > this.maxLinkId ? this.violation(`link-close on unopened link ${linkId}`) : undefined;
    this.links.delete(linkId);
    this.ctx.net.closeByClient(entry.conn);
  }

  private forgetClient(clientId: number): void {
    this.connByClient.delete(clientId);
  }

  private wireLog(direction: string, what: Input | Action): void {
    const { kind, ...rest } = what;
    const text = JSON.stringify(rest, (k, v: unknown) => (k === 'now' ? undefined : v));
    this.ctx.trace.log(this.ctx.world.now, this.nodeId, `${direction} ${kind} ${text}`);
  }

  private violation(what: string): never {
    throw new Error(`t=${this.ctx.world.now} ${this.nodeId}: io contract broken: ${what}`);
  }
}
