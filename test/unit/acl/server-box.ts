/**
 * A SentinelCore for server-command and ACL tests: clients opened on demand, config from a
 * partial ServerConfig (requirepass, user lines) through buildAcl, and each command's replies
 * to its client as values and as the exact RESP bytes vigil would write.
 */
import { createHash } from 'node:crypto';
import { buildAcl } from '../../../src/core/acl/build.js';
import type { Action, Ready } from '../../../src/core/io.js';
import { Rng } from '../../../src/core/rng.js';
import { SentinelCore } from '../../../src/core/sentinel-core.js';
import { defaultServerConfig, type ProcessFacts, type ServerConfig } from '../../../src/core/server-config.js';
import { newMaster, type MasterRecord, type SentinelState, newSentinelState } from '../../../src/core/state.js';
import type { Now } from '../../../src/core/time.js';
import { encodeReply } from '../../../src/resp/encode.js';
import type { Reply } from '../../../src/resp/values.js';

export const MYID = '20c52b7ae0054de06a02b95c14d4c183eaecc2db';
export const T0: Now = { mono: 5_000_000, wall: 1_795_319_512_549 };

export const sha256 = (text: string): string => createHash('sha256').update(Buffer.from(text, 'latin1')).digest('hex');

export const PROCESS: ProcessFacts = {
  pid: 4242,
  runId: MYID,
  executable: '/usr/bin/vigil',
  configFile: '/etc/vigil/sentinel.conf',
  startWallMs: T0.wall - 61_000,
  startMonoMs: T0.mono - 61_000,
  os: 'Linux 6.1.0 x86_64',
  archBits: 64,
  nodeVersion: 'v20.20.2',
  vigilVersion: '0.1.0',
};

export function freshState(): SentinelState {
  return { ...newSentinelState(), myid: MYID };
}

export interface Run {
  readonly ready: Ready;
  /** Replies (and pushes) to the client that sent the command, in order. */
  readonly replies: readonly Reply[];
  /** Those replies encoded in the protocol each was sent with. */
  readonly bytes: string;
}

export class ServerBox {
  readonly state = freshState();
  readonly server: ServerConfig;
  readonly core: SentinelCore;

  constructor(server: Partial<ServerConfig> = {}, process: ProcessFacts = PROCESS) {
    this.server = { ...defaultServerConfig(), ...server };
    this.core = new SentinelCore({ state: this.state, server: this.server, process, acl: buildAcl(this.server, sha256), rng: new Rng(1) });
  }

  /** Adds a monitored master (disconnected, as at start-up). */
  master(name: string, port = 43999, ip = '127.0.0.1'): MasterRecord {
    const m = newMaster(name, { host: ip, ip, port }, 2, this.state.timing, T0.mono);
    this.state.masters.set(name, m);
    return m;
  }

  open(id = 1, now: Now = T0): this {
    this.core.handle({ kind: 'client-open', now, clientId: id, addr: `127.0.0.1:${50000 + id}`, laddr: '127.0.0.1:26379' });
    return this;
  }

  run(argv: readonly string[], id = 1, now: Now = T0): Run {
    if (this.core.env.clients.get(id) === undefined) this.open(id, now);
    const ready = this.core.handle({ kind: 'client-command', now, clientId: id, argv });
    const mine = ready.actions.filter((a): a is Extract<Action, { kind: 'reply' }> => a.kind === 'reply' && a.clientId === id);
    return { ready, replies: mine.map((a) => a.reply), bytes: mine.map((a) => encodeReply(a.reply, a.proto)).join('') };
  }

  /** Runs `argv` on a client switched to RESP3 first (by HELLO 3). */
  run3(argv: readonly string[], id = 1, now: Now = T0): Run {
    if (this.core.env.clients.get(id)?.proto !== 3) this.run(['HELLO', '3'], id, now);
    return this.run(argv, id, now);
  }

  /** The bytes of one command on client `id` in protocol `proto`. */
  bytes(proto: 2 | 3, argv: readonly string[], id = 1): string {
    return (proto === 3 ? this.run3(argv, id) : this.run(argv, id)).bytes;
  }
}
