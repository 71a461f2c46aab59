/**
 * Connected clients as the core sees them: protocol version, authentication, name, library
 * info and pub/sub subscriptions. The network adapter owns the sockets; this table owns what
 * commands can observe or change (CLIENT LIST, CLIENT KILL, AUTH, SUBSCRIBE).
 */
import type { Protocol } from '../resp/encode.js';
import type { Now } from './time.js';

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
