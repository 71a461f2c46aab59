/**
 * Failover test topologies: a real redis-server master with replicas (`--replicaof`), a group
 * of sentinels (vigil and/or redis-sentinel) with per-sentinel pub/sub recorders, and checks
 * shared by the failover tests (one `+switch-master` everywhere, every sentinel reporting the
 * same master, the data nodes actually replicating from it). Each group tracks the pids it
 * started (restarts included) and `close()` kills exactly those.
 */
import {
  EventLog,
  masterFields,
  monitorConfig,
  replicationInfo,
  restartRedisServer,
  restartRedisSentinel,
  restartVigil,
  sentinelCall,
  sentinelUnderTest,
  startRedisSentinel,
  startRedisServer,
  startVigil,
  waitUntilOk,
  type Proc,
} from './processes.js';
import { plain } from './resp-client.js';
import { waitFor } from './wait.js';

export type SentinelKind = 'vigil' | 'redis-sentinel';

export interface GroupOptions {
  /**
   * Kind of each sentinel, in order (default three vigils; three redis-sentinels with
   * SENTINEL_UNDER_TEST=redis-sentinel, to check a test's expectations against the reference).
   */
  readonly kinds?: readonly SentinelKind[];
  /** Extra redis-server arguments per replica (index-aligned), e.g. `--replica-priority 0`. */
  readonly replicaExtra?: readonly (readonly string[])[];
  readonly replicaCount?: number;
  readonly quorum?: number;
  readonly downAfterMs?: number;
  readonly failoverTimeoutMs?: number;
}

/** Arguments every data node gets (DEBUG SLEEP needs the debug command). */
export const DATA_NODE_ARGS: readonly string[] = ['--repl-diskless-sync-delay', '0', '--enable-debug-command', 'yes'];

export class FailoverGroup {
  /** The data nodes by index: 0 is the initial master, then the replicas. Replaced on restart. */
  readonly nodes: Proc[];
  readonly sentinels: Proc[];
  readonly logs: EventLog[];
  readonly ids: string[];
  private readonly all = new Set<Proc>();
  private readonly startedAt = Date.now();

  private constructor(nodes: Proc[], sentinels: Proc[], logs: EventLog[], ids: string[]) {
    this.nodes = nodes;
    this.sentinels = sentinels;
    this.logs = logs;
    this.ids = ids;
    for (const p of [...nodes, ...sentinels]) this.all.add(p);
  }

  static async start(o: GroupOptions = {}): Promise<FailoverGroup> {
    const count = o.replicaCount ?? 2;
    const started: Proc[] = [];
    try {
      const master = await startRedisServer(DATA_NODE_ARGS);
      started.push(master);
      const replicas = await Promise.all(Array.from({ length: count }, (_, i) =>
        startRedisServer([...DATA_NODE_ARGS, '--replicaof', '127.0.0.1', String(master.port), ...(o.replicaExtra?.[i] ?? [])]).then((p) => {
          started.push(p);
          return p;
        })));
      await waitFor(`${count} online replicas on master ${master.port}`, async () => {
        const info = await replicationInfo(master.port);
        return (info.match(/^slave\d+:.*state=online/gm) ?? []).length === count;
      }, 15_000);
      const config = monitorConfig({ masterPort: master.port, quorum: o.quorum ?? 2, downAfterMs: o.downAfterMs ?? 1000, failoverTimeoutMs: o.failoverTimeoutMs ?? 10_000 });
      const kinds = o.kinds ?? Array.from({ length: 3 }, () => sentinelUnderTest().kind);
      const sentinels = await Promise.all(kinds.map((k) => (k === 'vigil' ? startVigil({ config }) : startRedisSentinel({ config })).then((p) => {
        started.push(p);
        return p;
      })));
      const ids = await Promise.all(sentinels.map(async (s) => String(plain(await sentinelCall(s.port, ['SENTINEL', 'MYID'])))));
      const logs = await Promise.all(sentinels.map((s) => EventLog.subscribe(s.port)));
      const group = new FailoverGroup([master, ...replicas], sentinels, logs, ids);
      await group.waitDiscovered();
      return group;
    } catch (e) {
      await Promise.all(started.map((p) => p.stop('SIGKILL')));
      throw e;
    }
  }

  get master(): Proc {
    return this.nodes[0]!;
  }

  label(i: number): string {
    const s = this.sentinels[i]!;
    return `${s.kind}#${i}(:${s.port})`;
  }

  /** Every sentinel sees every replica and every peer, and the master as plain `master`. */
  async waitDiscovered(timeoutMs = 15_000): Promise<void> {
    const replicas = String(this.nodes.length - 1);
    const peers = String(this.sentinels.length - 1);
    await waitUntilOk('every sentinel to know all replicas and peers', async () => {
      const views = await Promise.all(this.sentinels.map((s) => masterFields(s.port)));
      return views.map((m, i) => (m['num-slaves'] === replicas && m['num-other-sentinels'] === peers && m.flags === 'master' ? '' : `${this.label(i)}: slaves ${m['num-slaves']} peers ${m['num-other-sentinels']} flags ${m.flags}`)).filter(Boolean).join('; ');
    }, timeoutMs, 100);
  }

  /** Restarts a stopped data node on its port (no --replicaof: it comes back as a master). */
  async restartNode(index: number, extraArgs: readonly string[] = DATA_NODE_ARGS): Promise<Proc> {
    const p = await restartRedisServer(this.nodes[index]!, extraArgs);
    this.nodes[index] = p;
    this.all.add(p);
    return p;
  }

  /** Restarts a stopped sentinel from its config file and re-subscribes to its events. */
  async restartSentinel(index: number): Promise<Proc> {
    const prev = this.sentinels[index]!;
    const p = prev.kind === 'vigil' ? await restartVigil(prev) : await restartRedisSentinel(prev);
    this.sentinels[index] = p;
    this.all.add(p);
    this.logs[index]!.close();
    this.logs[index] = await EventLog.subscribe(p.port);
    return p;
  }

  /** Index of the data node listening on `port`. */
  nodeIndex(port: number): number {
    return this.nodes.findIndex((n) => n.port === port);
  }

  /** Events recorded so far, per sentinel (a mark to look only at later ones). */
  mark(): number[] {
    return this.logs.map((l) => l.events.length);
  }

  since(i: number, mark: readonly number[]): EventLog['events'] {
    return this.logs[i]!.events.slice(mark[i] ?? 0);
  }

  /** `+switch-master` events after `mark`, per sentinel. */
  switches(mark: readonly number[]): string[][] {
    return this.logs.map((_, i) => this.since(i, mark).filter((e) => e.channel === '+switch-master').map((e) => e.message));
  }

  /** Which sentinels published `+elected-leader` after `mark`. */
  leaders(mark: readonly number[]): string[] {
    return this.logs.map((_, i) => i).filter((i) => this.since(i, mark).some((e) => e.channel === '+elected-leader')).map((i) => this.label(i));
  }

  /** Events after `mark` per sentinel, each stamped with its arrival (ms since the group started). */
  summary(mark: readonly number[]): string {
    return this.logs.map((_, i) => `${this.label(i)}: ${this.since(i, mark).map((e) => `[${e.at - this.startedAt}] ${e.channel} ${e.message}`).join(' | ')}`).join('\n');
  }

  /**
   * Waits until every sentinel published `+switch-master mymaster 127.0.0.1 <from> 127.0.0.1 <new>`
   * after `mark`, then checks they all name the same new port, which must be one of `candidates`.
   * Returns the new port and the arrival time of the last switch.
   */
  async waitSwitch(mark: readonly number[], from: number, candidates: readonly number[], timeoutMs = 30_000): Promise<{ port: number; lastAt: number }> {
    const re = new RegExp(`^mymaster 127\\.0\\.0\\.1 ${from} 127\\.0\\.0\\.1 (\\d+)$`);
    try {
      await waitFor(`+switch-master from ${from} on every sentinel`, () => this.logs.every((_, i) => this.since(i, mark).some((e) => e.channel === '+switch-master' && re.test(e.message))), timeoutMs, 50);
    } catch (e) {
      throw new Error(`${e instanceof Error ? e.message : String(e)}\nevents:\n${this.summary(mark)}`);
    }
    const found = this.logs.map((_, i) => this.since(i, mark).find((e) => e.channel === '+switch-master' && re.test(e.message))!);
    const ports = found.map((e) => Number(re.exec(e.message)![1]));
    if (new Set(ports).size !== 1) throw new Error(`sentinels switched to different masters: ${ports.join(', ')}\n${this.summary(mark)}`);
    const port = ports[0]!;
    if (!candidates.includes(port)) throw new Error(`switched to ${port}, not one of ${candidates.join(', ')}\n${this.summary(mark)}`);
    return { port, lastAt: Math.max(...found.map((e) => e.at)) };
  }

  /**
   * The whole group agrees on `port` as master: GET-MASTER-ADDR-BY-NAME on every sentinel,
   * ROLE master on the node, and each of `followers` replicating from it with the link up.
   */
  async waitAgreed(port: number, followers: readonly number[], timeoutMs = 20_000): Promise<void> {
    await waitUntilOk(`everyone to agree on master ${port}`, async () => {
      const problems: string[] = [];
      for (const [i, s] of this.sentinels.entries()) {
        const addr = plain(await sentinelCall(s.port, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster']));
        if (JSON.stringify(addr) !== JSON.stringify(['127.0.0.1', String(port)])) problems.push(`${this.label(i)} says ${JSON.stringify(addr)}`);
      }
      const role = plain(await sentinelCall(port, ['ROLE'])) as unknown[];
      if (role[0] !== 'master') problems.push(`ROLE of ${port} is ${JSON.stringify(role)}`);
      for (const f of followers) {
        const info = await replicationInfo(f);
        const mp = /master_port:(\d+)/.exec(info)?.[1];
        const link = /master_link_status:(\w+)/.exec(info)?.[1];
        if (mp !== String(port) || link !== 'up') problems.push(`${f}: master_port ${mp} link ${link}`);
      }
      return problems.join('; ');
    }, timeoutMs, 100);
  }

  /** ROLE of a data node says `slave 127.0.0.1 <masterPort> connected`. */
  async waitSlaveOf(nodePort: number, masterPort: number, timeoutMs = 30_000): Promise<void> {
    await waitUntilOk(`${nodePort} to become a replica of ${masterPort}`, async () => {
      const role = plain(await sentinelCall(nodePort, ['ROLE'])) as unknown[];
      return role[0] === 'slave' && role[1] === '127.0.0.1' && role[2] === masterPort && role[3] === 'connected' ? '' : JSON.stringify(role);
    }, timeoutMs, 100);
  }

  /** Kills (SIGKILL) every process this group started that is still running; closes the recorders. */
  async close(): Promise<void> {
    this.logs.forEach((l) => l.close());
    await Promise.all([...this.all].map(async (p) => {
      await p.stop('SIGKILL');
    }));
  }
}

/** Escapes text for a RegExp. */
export function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
