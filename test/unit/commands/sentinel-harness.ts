/**
 * A SentinelCore in a box for SENTINEL command tests: one command client (id 1), one event
 * watcher (id 2, pattern-subscribed to everything), builders for healthy masters, replicas and
 * peers, and helpers that return a command's reply as a value and as RESP2/RESP3 bytes.
 */
import { createHash } from 'node:crypto';
import { Acl } from '../../../src/core/acl/acl.js';
import type { Action, Ready } from '../../../src/core/io.js';
import { Rng } from '../../../src/core/rng.js';
import { SentinelCore } from '../../../src/core/sentinel-core.js';
import { DEFAULT_SERVER_CONFIG, type ProcessFacts } from '../../../src/core/server-config.js';
import {
  newMaster,
  newPeer,
  newReplica,
  type MasterRecord,
  type PeerRecord,
  type ReplicaRecord,
  type SentinelState,
  newSentinelState,
} from '../../../src/core/state.js';
import type { Now } from '../../../src/core/time.js';
import { encodeReply, type Protocol } from '../../../src/resp/encode.js';
import type { Reply } from '../../../src/resp/values.js';

export const MYID = '20c52b7ae0054de06a02b95c14d4c183eaecc2db';
export const CLIENT = 1;
export const WATCHER = 2;
/** The time of every command unless a test says otherwise. */
export const T0: Now = { mono: 1_000_000, wall: 1_790_000_000_000 };

export function at(deltaMs: number): Now {
  return { mono: T0.mono + deltaMs, wall: T0.wall + deltaMs };
}

const PROCESS: ProcessFacts = {
  pid: 4242,
  runId: MYID,
  executable: '/usr/bin/vigil',
  configFile: '/tmp/sentinel.conf',
  startWallMs: T0.wall,
  startMonoMs: T0.mono,
  os: 'Linux',
  archBits: 64,
  nodeVersion: 'v20',
  vigilVersion: '0.1.0',
};

export function freshState(): SentinelState {
  return { ...newSentinelState(), myid: MYID };
}

export interface Outcome {
  readonly ready: Ready;
  /** The command's own reply (first reply action to the command client). */
  readonly reply: Reply;
  readonly action: Extract<Action, { kind: 'reply' }>;
  /** `[channel, message]` of every event published in this batch, in order. */
  readonly events: (readonly [string, string])[];
  /** The reply encoded for the client's protocol. */
  readonly bytes: string;
}

export class Box {
  readonly state: SentinelState;
  readonly core: SentinelCore;

  constructor(state: SentinelState = freshState(), seed = 1) {
    this.state = state;
    this.core = new SentinelCore({
      state,
      server: { ...DEFAULT_SERVER_CONFIG },
      process: PROCESS,
      acl: new Acl((text) => createHash('sha256').update(text, 'latin1').digest('hex')),
      rng: new Rng(seed),
    });
    for (const id of [CLIENT, WATCHER]) {
      this.core.handle({ kind: 'client-open', now: T0, clientId: id, addr: `127.0.0.1:${5000 + id}`, laddr: '127.0.0.1:26379' });
    }
    this.core.env.clients.get(WATCHER)!.patterns.add('*');
  }

  /** Switches the command client's protocol (until HELLO lands in the core). */
  proto(p: Protocol): this {
    this.core.env.clients.get(CLIENT)!.proto = p;
    return this;
  }

  run(argv: readonly string[], now: Now = T0): Outcome {
    const ready = this.core.handle({ kind: 'client-command', now, clientId: CLIENT, argv });
    const action = ready.actions.find((a): a is Extract<Action, { kind: 'reply' }> => a.kind === 'reply' && a.clientId === CLIENT);
    if (action === undefined) throw new Error(`no reply to ${argv.join(' ')}`);
    return { ready, reply: action.reply, action, events: eventsOf(ready), bytes: encodeReply(action.reply, action.proto) };
  }

  /** Shorthand: `sentinel <args...>`. */
  sentinel(...args: string[]): Outcome {
    return this.run(['sentinel', ...args]);
  }

  /** Adds a healthy, connected master that answered INFO a second ago. */
  master(name: string, port = 6380, quorum = 2, ip = '127.0.0.1'): MasterRecord {
    const m = newMaster(name, { host: ip, ip, port }, quorum, this.state.timing, T0.mono - 10_000);
    makeHealthy(m);
    m.runid = 'b4799bc693e704bf3fe059d583fa7bb66017bf9e';
    m.infoRefresh = T0.mono - 1_000;
    this.state.masters.set(name, m);
    return m;
  }

  /** Adds a healthy, promotable replica (fresh INFO, link up, PING answered). */
  replica(master: MasterRecord, port: number, overrides: Partial<ReplicaRecord> = {}, ip = '127.0.0.1'): ReplicaRecord {
    const r = newReplica(master, { host: ip, ip, port }, T0.mono - 10_000);
    makeHealthy(r);
    Object.assign(r, {
      runid: `${port}`.padEnd(40, 'a'),
      infoRefresh: T0.mono - 1_000,
      masterHost: master.addr.ip,
      masterPort: master.addr.port,
      masterLinkUp: true,
      replOffset: 827,
      ...overrides,
    });
    master.replicas.set(`${ip}:${port}`, r);
    return r;
  }

  /** Adds a connected peer sentinel that sent a hello 300 ms ago. */
  peer(master: MasterRecord, runid: string, port: number, overrides: Partial<PeerRecord> = {}): PeerRecord {
    const p = newPeer(master, { host: '127.0.0.1', ip: '127.0.0.1', port }, runid, T0.mono - 10_000);
    makeHealthy(p);
    Object.assign(p, { lastHelloTime: T0.mono - 300, ...overrides });
    master.sentinels.set(runid, p);
    return p;
  }
}

/** Link up, no PING outstanding, last valid PONG 25 ms ago. */
function makeHealthy(instance: MasterRecord | ReplicaRecord | PeerRecord): void {
  instance.link = {
    disconnected: false,
    pendingCommands: 0,
    refcount: 1,
    actPingTime: 0,
    lastPingTime: T0.mono - 100,
    lastAvailTime: T0.mono - 25,
    lastPongTime: T0.mono - 25,
  };
}

function eventsOf(ready: Ready): (readonly [string, string])[] {
  const out: (readonly [string, string])[] = [];
  for (const a of ready.actions) {
    if (a.kind !== 'reply' || a.clientId !== WATCHER || a.reply.t !== 'push') continue;
    const [, , channel, message] = a.reply.v;
    if (channel?.t === 'bulk' && message?.t === 'bulk') out.push([channel.v, message.v] as const);
  }
  return out;
}

/** A map or flat RESP2 pair list as `[key, value]` strings (all instance values are bulks). */
export function pairsOf(reply: Reply): [string, string][] {
  if (reply.t !== 'map') throw new Error(`expected a map, got ${reply.t}`);
  return reply.v.map(([k, v]) => [text(k), text(v)]);
}

export function text(reply: Reply): string {
  if (reply.t === 'bulk' || reply.t === 'simple' || reply.t === 'error') return reply.v;
  throw new Error(`expected a string reply, got ${reply.t}`);
}

export function items(reply: Reply): readonly Reply[] {
  if (reply.t !== 'array') throw new Error(`expected an array, got ${reply.t}`);
  return reply.v;
}

