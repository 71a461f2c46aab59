/**
 * Connected clients as the core sees them: protocol version, authentication, name, library
 * info, pub/sub subscriptions and the per-connection switches of CLIENT (NO-EVICT, REPLY).
 * The network adapter owns the sockets; this table owns what commands can observe or change
 * (CLIENT LIST, CLIENT KILL, AUTH, SUBSCRIBE). Socket-level numbers (fd, buffer sizes) are the
 * adapter's to fill in `io`; the core only reads them for CLIENT LIST.
 */
import type { Protocol } from '../resp/encode.js';
import type { Now } from './time.js';

/** Socket and buffer facts CLIENT LIST shows; zero until the adapter reports them. */
export interface ClientIoFacts {
  fd: number;
  qbuf: number;
  qbufFree: number;
  argvMem: number;
  multiMem: number;
  rbs: number;
  rbp: number;
  obl: number;
  oll: number;
  omem: number;
  totMem: number;
}

/**
 * CLIENT REPLY: `on`; `off` (no replies until ON); `skip-next` (set by SKIP, the next
 * command's reply is dropped). Pub/sub pushes are delivered in every mode, as in Redis.
 */
export type ReplyMode = 'on' | 'off' | 'skip-next';

/**
 * CLIENT TRACKING state. A sentinel has no keys, so no invalidation is ever sent; the state
 * only shows in CLIENT TRACKINGINFO, GETREDIR and CLIENT LIST.
 */
export interface TrackingState {
  /** Client id invalidations would go to; 0 for the connection itself. */
  redirect: number;
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
  /** BCAST prefixes (the empty prefix when BCAST was enabled without any). */
  readonly prefixes: Set<string>;
  /** CLIENT CACHING YES/NO given for the next command. */
  caching: boolean;
}

export interface ClientSession {
  readonly id: number;
  readonly addr: string;
  readonly laddr: string;
  readonly createdMono: number;
  lastInteractionMono: number;
  proto: Protocol;
  /** The ACL user this client runs as; null until it authenticates when auth is required. */
  user: string | null;
  name: string;
  libName: string;
  libVer: string;
  readonly channels: Set<string>;
  readonly patterns: Set<string>;
  /** Last command as `name` or `container|sub`, lower-cased (CLIENT LIST `cmd=`). */
  lastCommand: string;
  /** Set by CLIENT KILL / QUIT-like paths; the adapter closes it after pending replies. */
  closing: boolean;
  /** CLIENT NO-EVICT (flag `e`). */
  noEvict: boolean;
  replyMode: ReplyMode;
  tracking: TrackingState | null;
  readonly io: ClientIoFacts;
}

export function emptyIoFacts(): ClientIoFacts {
  return { fd: -1, qbuf: 0, qbufFree: 0, argvMem: 0, multiMem: 0, rbs: 0, rbp: 0, obl: 0, oll: 0, omem: 0, totMem: 0 };
}

export class ClientTable {
  private readonly byId = new Map<number, ClientSession>();

  open(id: number, addr: string, laddr: string, now: Now, defaultUser: string | null): ClientSession {
    const session: ClientSession = {
      id,
      addr,
      laddr,
      createdMono: now.mono,
      lastInteractionMono: now.mono,
      proto: 2,
      user: defaultUser,
      name: '',
      libName: '',
      libVer: '',
      channels: new Set(),
      patterns: new Set(),
      lastCommand: 'NULL',
      closing: false,
      noEvict: false,
      replyMode: 'on',
      tracking: null,
      io: emptyIoFacts(),
    };
    this.byId.set(id, session);
    return session;
  }

  get(id: number): ClientSession | undefined {
    return this.byId.get(id);
  }

  close(id: number): void {
    this.byId.delete(id);
  }

  get size(): number {
    return this.byId.size;
  }

  /** Clients in connection order (CLIENT LIST order). */
  all(): IterableIterator<ClientSession> {
    return this.byId.values();
  }

  /** Number of clients with at least one subscription (INFO `pubsub_clients`-like counts). */
  subscriberCount(): number {
    let n = 0;
    for (const c of this.byId.values()) if (c.channels.size + c.patterns.size > 0) n++;
    return n;
  }
}

export function subscriptionCount(c: ClientSession): number {
  return c.channels.size + c.patterns.size;
}

/** Redis's client types for CLIENT LIST/KILL TYPE: a client with subscriptions is `pubsub`. */
export function clientType(c: ClientSession): 'normal' | 'pubsub' {
  return subscriptionCount(c) > 0 ? 'pubsub' : 'normal';
}

/**
 * Called by the core before it runs a command: whether this command's reply must be dropped
 * (CLIENT REPLY SKIP was the previous command). Consumes the skip.
 */
export function takeReplySkip(c: ClientSession): boolean {
  if (c.replyMode !== 'skip-next') return false;
  c.replyMode = 'on';
  return true;
}

/**
 * Called by the core after a command ran: CLIENT CACHING applies to the one command after it
 * (any CLIENT subcommand in between keeps it), as in Redis.
 */
export function finishCommand(c: ClientSession, fullName: string): void {
  if (c.tracking !== null && !fullName.startsWith('client|')) c.tracking.caching = false;
}

/** Whether a command reply (not a pub/sub push) may be sent to the client now. */
export function repliesEnabled(c: ClientSession): boolean {
  return c.replyMode === 'on' || c.replyMode === 'skip-next';
}
