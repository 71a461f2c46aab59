/**
 * A whole simulated deployment built from one seed: the world, the network, the trace, a DNS
 * table, data nodes and sentinels, each node with its own IP (10.0.0.N in start order; data
 * nodes listen on 6379, sentinels on 26379). This is the API the scenario runner and the swarm
 * (swarm/) drive: start, kill, restart (also empty), pause, partition, heal, break, latency,
 * clock faults, replica-priority changes, and client commands whose replies go into the trace.
 * Every fault is also a trace line (node `sim`), so a trace reads as the story that produced it.
 */
import { Rng } from '../../src/core/rng.js';
import type { Reply } from '../../src/resp/values.js';
import { CLI_NODE, SimClient } from './client.js';
import type { SimContext } from './context.js';
import { Net } from './net.js';
import { DEFAULT_REDIS_OPTIONS, RedisNode, type RedisOptions } from './redis-node.js';
import { SentinelHost } from './sentinel-host.js';
import { Trace } from './trace.js';
import { World } from './world.js';
import { renderReply } from './wire.js';

export const REDIS_PORT = 6379;
export const SENTINEL_PORT = 26379;

export interface SentinelOptions {
  /** The data node to monitor (by sim name), and the master's name. */
  readonly monitor: string;
  readonly masterName: string;
  readonly quorum: number;
  readonly downAfterMs: number | null;
  readonly failoverTimeoutMs: number | null;
  /** Extra sentinel.conf lines, verbatim. */
  readonly extraLines: readonly string[];
  /** Monitor the master by its sim name (resolve-hostnames yes) instead of its IP. */
  readonly byHostname?: boolean;
}

export class Cluster {
  readonly ctx: SimContext;
  readonly redis = new Map<string, RedisNode>();
  readonly sentinels = new Map<string, SentinelHost>();
  private nextIp = 1;

  constructor(readonly seed: number) {
    const world = new World();
    const rng = new Rng(seed);
    const net = new Net(world, new Rng(rng.nextU32()));
    this.ctx = { world, net, trace: new Trace(), rng, dns: new Map(), taps: { linkSend: [] }, bugs: { core: new Set(), forgetEpochOnRestart: false } };
    world.addNode(CLI_NODE);
  }

  get world(): World {
    return this.ctx.world;
  }

  get trace(): Trace {
    return this.ctx.trace;
  }

  note(type: string, payload: string): void {
    this.ctx.trace.add(this.ctx.world.now, 'sim', type, payload);
  }

  ipOf(name: string): string {
    const ip = this.ctx.dns.get(name);
    if (ip === undefined) throw new Error(`unknown node ${name}`);
    return ip;
  }

  startRedis(name: string, options: Partial<RedisOptions> & { replicaOfNode?: string }): RedisNode {
    this.checkNewName(name);
    const { replicaOfNode, ...rest } = options;
    const replicaOf = replicaOfNode === undefined ? (rest.replicaOf ?? null) : { host: this.ipOf(replicaOfNode), port: this.redisNode(replicaOfNode).port };
    const node = new RedisNode(this.ctx, name, this.assignIp(name), { ...DEFAULT_REDIS_OPTIONS, port: REDIS_PORT, ...rest, replicaOf });
    this.redis.set(name, node);
    this.note('start', `redis ${name} ${node.ip}:${node.port}${replicaOf === null ? ' master' : ` replicaof ${replicaOf.host} ${replicaOf.port}`}`);
    node.start(false);
    this.note('run_id', `${name} ${node.runId}`);
    return node;
  }

  startSentinel(name: string, options: SentinelOptions): SentinelHost {
    this.checkNewName(name);
    const master = this.redisNode(options.monitor);
    const lines = [
      `port ${SENTINEL_PORT}`,
      ...(options.byHostname === true ? ['sentinel resolve-hostnames yes'] : []),
      `sentinel monitor ${options.masterName} ${options.byHostname === true ? options.monitor : master.ip} ${master.port} ${options.quorum}`,
      ...(options.downAfterMs === null ? [] : [`sentinel down-after-milliseconds ${options.masterName} ${options.downAfterMs}`]),
      ...(options.failoverTimeoutMs === null ? [] : [`sentinel failover-timeout ${options.masterName} ${options.failoverTimeoutMs}`]),
      ...options.extraLines,
    ];
    const host = new SentinelHost(this.ctx, name, this.assignIp(name), SENTINEL_PORT, lines.join('\n') + '\n');
    this.sentinels.set(name, host);
    this.note('start', `sentinel ${name} ${host.ip}:${host.port}`);
    host.start();
    this.note('myid', `${name} ${host.myid()}`);
    return host;
  }

  kill(name: string): void {
    this.note('kill', name);
    const s = this.sentinels.get(name);
    if (s !== undefined) return s.crash();
    this.redisNode(name).crash();
  }

  /** Restarts a node (crashing it first if it runs); `empty`: a data node without its volume. */
  restart(name: string, empty = false): void {
    const s = this.sentinels.get(name);
    if (empty && s !== undefined) throw new Error(`restart empty is for data nodes, ${name} is a sentinel`);
    this.note('restart', empty ? `${name} empty` : name);
    if (s !== undefined) {
      if (s.up) s.crash();
      s.start();
      return this.note('myid', `${name} ${s.myid()}`);
    }
    const r = this.redisNode(name);
    if (r.up) r.crash();
    if (empty) r.wipe();
    r.start(true);
    this.note('run_id', `${name} ${r.runId}`);
  }

  pause(name: string, forMs: number): void {
    this.node(name);
    this.note('pause', `${name} ${forMs}`);
    this.ctx.world.pause(name, forMs);
  }

  partition(from: readonly string[], to: readonly string[], twoWay: boolean, forMs: number | null): void {
    for (const n of [...from, ...to]) this.node(n);
    this.note('partition', `${from.join(' ')} ${twoWay ? '|' : '->'} ${to.join(' ')}${forMs === null ? '' : ` for ${forMs}`}`);
    const handle = this.ctx.net.partition(from, to, twoWay);
    if (forMs !== null) this.ctx.world.after(forMs, null, 'heal', () => this.ctx.net.heal(handle));
  }

  heal(): void {
    this.note('heal', '');
    this.ctx.net.heal();
  }

  /** Extra one-way delay from `from` to `to` (0 removes it); `for` undoes it after forMs. */
  latency(from: string, to: string, ms: number, forMs: number | null): void {
    this.node(from);
    this.node(to);
    this.note('latency', `${from} -> ${to} ${ms}${forMs === null ? '' : ` for ${forMs}`}`);
    this.ctx.net.setLatency(from, to, ms);
    if (forMs !== null) this.ctx.world.after(forMs, null, 'latency over', () => this.ctx.net.setLatency(from, to, 0));
  }

  /** CONFIG SET replica-priority, as an operator would. */
  priority(name: string, priority: number): void {
    this.note('priority', `${name} ${priority}`);
    this.redisNode(name).setPriority(priority);
  }

  breakLinks(a: string, b: string): void {
    this.node(a);
    this.node(b);
    this.note('break', `${a} ${b}`);
    this.ctx.net.breakBetween(a, b);
  }

  /** Clock faults: `wall` and `mono` step that clock by deltaMs, `drift` sets the rate (1 = true). */
  clock(name: string, which: 'wall' | 'mono' | 'drift', value: number): void {
    this.node(name);
    this.note('clock', `${name} ${which} ${value}`);
    const clock = this.ctx.world.clock(name);
    const now = this.ctx.world.now;
    if (which === 'wall') clock.jumpWall(now, value);
    else if (which === 'mono') clock.jumpMono(now, value);
    else clock.setRate(now, value);
  }

  /**
   * A client connects to `target` and runs the commands (pipelined, on one connection); each
   * reply goes into the trace. The connection closes after the last reply.
   */
  command(target: string, commands: readonly (readonly string[])[]): void {
    const pending = commands.map((argv) => argv.join(' '));
    const reply = (line: string, text: string): void => this.ctx.trace.add(this.ctx.world.now, CLI_NODE, 'reply', `${target} ${line} -> ${text}`);
    const client: SimClient = this.client(
      target,
      (frame) => {
        reply(pending.shift() ?? '(push)', renderReply(frame));
        if (pending.length === 0) client.close();
      },
      (reason) => reply(pending.shift() ?? '', `(connection lost: ${reason})`),
    );
    for (const argv of commands) client.send(...argv);
  }

  /** A client connection from the `cli` node to `target`'s port. */
  client(target: string, onFrame?: (frame: Reply) => void, onDown?: (reason: string) => void): SimClient {
    const node = this.node(target);
    return new SimClient(this.ctx, node.ip, node.port, onFrame, onDown);
  }

  node(name: string): RedisNode | SentinelHost {
    const n = this.redis.get(name) ?? this.sentinels.get(name);
    if (n === undefined) throw new Error(`unknown node ${name}`);
    return n;
  }

  redisNode(name: string): RedisNode {
    const n = this.redis.get(name);
    if (n === undefined) throw new Error(`unknown data node ${name}`);
    return n;
  }

  private checkNewName(name: string): void {
    if (name === 'sim' || name === CLI_NODE || this.ctx.dns.has(name)) throw new Error(`node name taken: ${name}`);
  }

  private assignIp(name: string): string {
    if (this.nextIp > 200) throw new Error('more than 200 nodes');
    const ip = `10.0.0.${this.nextIp++}`;
    this.ctx.dns.set(name, ip);
    return ip;
  }
}
