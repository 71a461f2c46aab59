/**
 * A SentinelCore driven purely by inputs, for monitor tests. The rig owns the clock (ticks move
 * it forward), records every action, collects the events a pattern-subscribed client sees, and
 * can stand in for the network: `node(port, answer)` registers a fake Redis/Sentinel whose
 * answers `pump` feeds back as link-up, link-reply and link-frame inputs.
 */
import { createHash } from 'node:crypto';
import { Acl } from '../../../src/core/acl/acl.js';
import type { Action, Input, Ready } from '../../../src/core/io.js';
import { Rng } from '../../../src/core/rng.js';
import { SentinelCore } from '../../../src/core/sentinel-core.js';
import { defaultServerConfig, type ProcessFacts, type ServerConfig } from '../../../src/core/server-config.js';
import { newMaster, type MasterRecord, type SentinelState } from '../../../src/core/state.js';
import type { Now } from '../../../src/core/time.js';
import { bulk, type Reply } from '../../../src/resp/values.js';
import { freshState, MYID } from '../commands/sentinel-harness.js';

export { MYID };
export const ID8 = MYID.slice(0, 8);
const WATCHER = 2;
const CLIENT = 1;
const START: Now = { mono: 1_000_000, wall: 1_790_000_000_000 };

export type LinkOpen = Extract<Action, { kind: 'link-open' }>;
export type LinkSend = Extract<Action, { kind: 'link-send' }>;

/** What a fake node answers to one command: a reply, or null to stay silent. */
export type Answer = (argv: readonly string[], mode: 'cmd' | 'pubsub') => Reply | null;

export class Rig {
  readonly state: SentinelState;
  readonly server: ServerConfig;
  readonly core: SentinelCore;
  mono = START.mono;
  wall = START.wall;
  /** Every action the core returned, in order. */
  readonly log: Action[] = [];
  /** Every event published, as [type, message]. */
  readonly events: [string, string][] = [];
  private readonly nodes = new Map<string, Answer>();
  /** Open links as the fake network sees them: id -> open action. */
  readonly links = new Map<number, LinkOpen>();
  /** Every command written, with its link. */
  readonly sent: { link: LinkOpen; argv: readonly string[]; tag: number }[] = [];
  private readonly pubsubLinks = new Set<number>();
  /**
   * Links closed by a recorded batch whose close `pump` has not reached yet: commands written
   * before the close in the same batch still arrive (the Node adapter flushes them first).
   */
  private readonly closing = new Map<number, LinkOpen>();

  constructor(options: { server?: Partial<ServerConfig>; seed?: number; state?: SentinelState } = {}) {
    this.state = options.state ?? freshState();
    this.server = { ...defaultServerConfig(), ...options.server };
    const process: ProcessFacts = {
      pid: 1, runId: MYID, executable: 'vigil', configFile: '/tmp/s.conf', startWallMs: START.wall,
      startMonoMs: START.mono, os: 'Linux', archBits: 64, nodeVersion: 'v20', vigilVersion: '0',
    };
    this.core = new SentinelCore({
      state: this.state,
      server: this.server,
      process,
      acl: new Acl((text) => createHash('sha256').update(text, 'latin1').digest('hex')),
      rng: new Rng(options.seed ?? 7),
    });
    for (const id of [CLIENT, WATCHER]) {
      this.core.handle({ kind: 'client-open', now: this.now(), clientId: id, addr: `127.0.0.1:${4000 + id}`, laddr: '127.0.0.1:26379' });
    }
    this.core.env.clients.get(WATCHER)!.patterns.add('*');
  }

  now(): Now {
    return { mono: this.mono, wall: this.wall };
  }

  /** Adds a master as `sentinel monitor` would (fresh, disconnected). */
  monitor(name: string, port: number, quorum = 2, ip = '127.0.0.1'): MasterRecord {
    const master = newMaster(name, { host: ip, ip, port }, quorum, this.state.timing, this.mono);
    this.state.masters.set(name, master);
    return master;
  }

  start(): Ready {
    return this.record(this.core.start(this.now(), false));
  }

  feed(input: Input): Ready {
    return this.record(this.core.handle(input));
  }

  /** Moves the clock by `ms` and delivers a tick. */
  tick(ms = 100): Ready {
    this.mono += ms;
    this.wall += ms;
    return this.feed({ kind: 'tick', now: this.now() });
  }

  /** Ticks every `step` ms for `ms`, pumping the fake network after each tick. */
  run(ms: number, step = 100): Ready[] {
    const out: Ready[] = [];
    for (let t = 0; t < ms; t += step) out.push(...this.pump(this.tick(step)));
    return out;
  }

  up(linkId: number, localIp = '127.0.0.1'): Ready {
    return this.feed({ kind: 'link-up', now: this.now(), linkId, localIp, localPort: 50000 + linkId });
  }

  down(linkId: number, reason = 'ECONNRESET'): Ready {
    this.links.delete(linkId);
    return this.feed({ kind: 'link-down', now: this.now(), linkId, reason });
  }

  reply(linkId: number, tag: number, reply: Reply): Ready {
    return this.feed({ kind: 'link-reply', now: this.now(), linkId, tag, reply });
  }

  frame(linkId: number, frame: Reply): Ready {
    return this.feed({ kind: 'link-frame', now: this.now(), linkId, frame });
  }

  /** A client command (client 1); returns the batch. */
  command(...argv: string[]): Ready {
    return this.feed({ kind: 'client-command', now: this.now(), clientId: CLIENT, argv });
  }

  /** Registers a fake node at 127.0.0.1:`port` (links to it come up; `answer` replies). */
  node(port: number, answer: Answer, ip = '127.0.0.1'): void {
    this.nodes.set(`${ip}:${port}`, answer);
  }

  /** Lets the fake network act on a batch (and on what its answers cause), a bounded number of rounds. */
  pump(ready: Ready): Ready[] {
    const out = [ready];
    let queue: Action[] = [...ready.actions];
    for (let round = 0; round < 50 && queue.length > 0; round++) {
      const next: Action[] = [];
      for (const action of queue) {
        for (const r of this.actOn(action)) {
          out.push(r);
          next.push(...r.actions);
        }
      }
      queue = next;
    }
    return out;
  }

  private actOn(action: Action): Ready[] {
    if (action.kind === 'link-close') {
      this.links.delete(action.linkId);
      this.closing.delete(action.linkId);
      return [];
    }
    if (action.kind === 'link-open') {
      if (!this.nodes.has(`${action.host}:${action.port}`)) return [this.down(action.linkId, 'ECONNREFUSED')];
      return [this.up(action.linkId)];
    }
    if (action.kind !== 'link-send') return [];
    const link = this.links.get(action.linkId) ?? this.closing.get(action.linkId);
    if (link === undefined) return [];
    const answer = this.nodes.get(`${link.host}:${link.port}`)!(action.argv, link.mode);
    if (answer === null) return [];
    return link.mode === 'cmd' ? [this.reply(action.linkId, action.tag, answer)] : [this.frame(action.linkId, answer)];
  }

  private record(ready: Ready): Ready {
    for (const action of ready.actions) {
      this.log.push(action);
      if (action.kind === 'link-close') {
        const closed = this.links.get(action.linkId);
        if (closed !== undefined) this.closing.set(action.linkId, closed);
        this.links.delete(action.linkId);
      }
      if (action.kind === 'link-open') {
        this.links.set(action.linkId, action);
        if (action.mode === 'pubsub') this.pubsubLinks.add(action.linkId);
      }
      if (action.kind === 'link-send') {
        const link = this.links.get(action.linkId);
        if (link !== undefined) this.sent.push({ link, argv: action.argv, tag: action.tag });
      }
    }
    this.events.push(...eventsOf(ready));
    return ready;
  }
}

/** `[type, message]` of every event the watcher received in a batch. */
export function eventsOf(ready: Ready): [string, string][] {
  const out: [string, string][] = [];
  for (const a of ready.actions) {
    if (a.kind !== 'reply' || a.clientId !== WATCHER || a.reply.t !== 'push') continue;
    const [, , channel, message] = a.reply.v;
    if (channel?.t === 'bulk' && message?.t === 'bulk') out.push([channel.v, message.v]);
  }
  return out;
}

export function opensOf(ready: Ready | readonly Ready[]): LinkOpen[] {
  return actionsOf(ready).filter((a): a is LinkOpen => a.kind === 'link-open');
}

export function sendsOf(ready: Ready | readonly Ready[], linkId?: number): LinkSend[] {
  return actionsOf(ready).filter((a): a is LinkSend => a.kind === 'link-send' && (linkId === undefined || a.linkId === linkId));
}

/** The commands sent on a link, each joined by spaces. */
export function commandsOf(ready: Ready | readonly Ready[], linkId?: number): string[] {
  return sendsOf(ready, linkId).map((s) => s.argv.join(' '));
}

export function actionsOf(ready: Ready | readonly Ready[]): Action[] {
  const list: readonly Ready[] = Array.isArray(ready) ? ready : [ready as Ready];
  return list.flatMap((r) => [...r.actions]);
}

/** The reply to client 1 in a batch. */
export function clientReply(ready: Ready): Reply {
  const a = ready.actions.find((x): x is Extract<Action, { kind: 'reply' }> => x.kind === 'reply' && x.clientId === CLIENT);
  if (a === undefined) throw new Error('no reply to the client');
  return a.reply;
}

/** A bulk INFO text from `key:value` lines. */
export function infoText(...lines: string[]): Reply {
  return bulk(lines.join('\r\n') + '\r\n');
}

/** An INFO reply of a master with these replicas (`ip:port` strings). */
export function masterInfo(runId: string, replicas: readonly string[] = []): Reply {
  return infoText(
    '# Server',
    `run_id:${runId}`,
    '# Replication',
    'role:master',
    `connected_slaves:${replicas.length}`,
    ...replicas.map((r, i) => {
      const [ip, port] = r.split(':');
      return `slave${i}:ip=${ip},port=${port},state=online,offset=100,lag=0`;
    }),
    'master_repl_offset:100',
  );
}

/** An INFO reply of a replica following `masterHost:masterPort`. */
export function replicaInfo(runId: string, masterHost: string, masterPort: number, extra: readonly string[] = []): Reply {
  return infoText(
    '# Server',
    `run_id:${runId}`,
    '# Replication',
    'role:slave',
    `master_host:${masterHost}`,
    `master_port:${masterPort}`,
    'master_link_status:up',
    'slave_repl_offset:100',
    'slave_priority:100',
    'replica_announced:1',
    ...extra,
  );
}

export const RUN_A = 'a'.repeat(40);
export const RUN_B = 'b'.repeat(40);
export const PEER_1 = '1'.repeat(40);
export const PEER_2 = '2'.repeat(40);

/** A well-behaved data node: PONG, the given INFO, `:1` to PUBLISH, `+OK` to the rest. */
export function dataNode(info: () => Reply): Answer {
  return (argv, mode) => {
    const name = argv[0]!.toUpperCase();
    if (mode === 'pubsub') {
      return name === 'SUBSCRIBE' ? { t: 'array', v: [bulk('subscribe'), bulk(argv[1]!), { t: 'int', v: 1 }] } : OK_REPLY;
    }
    if (name === 'PING') return { t: 'simple', v: 'PONG' };
    if (name === 'INFO') return info();
    if (name === 'PUBLISH') return { t: 'int', v: 1 };
    return OK_REPLY;
  };
}

const OK_REPLY: Reply = { t: 'simple', v: 'OK' };
