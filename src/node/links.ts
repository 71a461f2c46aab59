/**
 * The outgoing-link adapter: carries out the core's `link-open`, `link-send` and `link-close`
 * with plain `net` sockets and reports each connection's life back as link inputs. It decides
 * nothing about *when* to connect, what to send or when a link is stale; the core does.
 *
 * What it guarantees (the contract of src/core/io.ts):
 * - every opened link reports `link-up` at most once and then `link-down` exactly once, unless
 *   the core closed it first (`link-close` reports nothing afterwards);
 * - on a `cmd` link each reply is reported with the tag of the oldest unanswered send (Redis
 *   answers in order); on a `pubsub` link every frame is reported as it is;
 * - it never retries, queues while offline, or resubscribes: a failure is reported and the core
 *   reconnects when it sees fit. A send on a link it no longer knows is dropped silently (the
 *   core has been or will be told `link-down`).
 * - it never reports synchronously from inside `open`/`send`/`close` (those run while the
 *   runtime is carrying out a batch); `link-down` is only ever reported from the socket's
 *   'close' event, so it happens once and after the socket is really gone.
 *
 * Bounds: tags pending per link, bytes waiting to be written, and the reply reader's limits.
 * Any violation (or a protocol error, or a reply nobody asked for) destroys the connection and
 * reports `link-down` with the reason.
 *
 * Memory: a sentinel reads a few small replies per link every second for ever, so every socket
 * reads into one shared buffer (`onread`) instead of a fresh Buffer (and its native backing
 * store, and a trip through a Readable stream) per read. That is safe because each read is
 * parsed before the next one lands, and the reply reader copies what it keeps.
 */
import net from 'node:net';
import type { LinkInput } from '../core/io.js';
import { DEFAULT_REPLY_LIMITS, ReplyReader, type ReplyLimits } from '../resp/reply-reader.js';
import type { Reply } from '../resp/values.js';
import { strerror } from './errno.js';
import type { LinkOpenAction, Unstamped } from './runtime.js';
import { TagQueue } from './tag-queue.js';

export type LinkEvent = Unstamped<LinkInput>;

export interface LinkOptions {
  /** A connect that has not completed by then is abandoned (reported as link-down). */
  readonly connectTimeoutMs: number;
  /** Unanswered commands per cmd link; the core itself stops at 100 per link user. */
  readonly maxPendingCommands: number;
  /** Bytes written but not yet accepted by the kernel (a peer that stopped reading). */
  readonly maxOutputBytes: number;
  readonly replyLimits: ReplyLimits;
}

export const DEFAULT_LINK_OPTIONS: LinkOptions = {
  // Redis leaves a hanging connect to its stale-link rule (≥ 15 s); a bounded connect lets the
  // core retry sooner (and re-resolve a hostname) without waiting for the kernel's ~2 min.
  connectTimeoutMs: 5_000,
  maxPendingCommands: 10_000,
  maxOutputBytes: 8 * 1024 * 1024,
  replyLimits: DEFAULT_REPLY_LIMITS,
};

/** Size of the shared read buffer: a read never returns more; a longer reply spans reads. */
const READ_BUFFER_BYTES = 64 * 1024;
let sharedReadBuffer: Buffer | null = null;

function readBuffer(): Buffer {
  sharedReadBuffer ??= Buffer.allocUnsafe(READ_BUFFER_BYTES);
  return sharedReadBuffer;
}

class Link {
  readonly tags = new TagQueue();
  readonly reader: ReplyReader;
  /** The first reason this connection is going down, kept for the 'close' event to report. */
  downReason: string | null = null;
  connectTimer: NodeJS.Timeout | null = null;
  /** Writes of this turn of the event loop are corked and leave together. */
  corked = false;

  constructor(
    readonly id: number,
    readonly mode: 'cmd' | 'pubsub',
    readonly socket: net.Socket,
    limits: ReplyLimits,
    /** Bound once per link, so a read allocates no closure. */
    readonly onReply: (reply: Reply) => void,
  ) {
    this.reader = new ReplyReader(limits);
  }
}

export class LinkPort {
  private readonly links = new Map<number, Link>();
  private readonly options: LinkOptions;

  constructor(
    private readonly emit: (event: LinkEvent) => void,
    options: Partial<LinkOptions> = {},
  ) {
    this.options = { ...DEFAULT_LINK_OPTIONS, ...options };
  }

  /** Links opened and neither closed by the core nor reported down yet. */
  get size(): number {
    return this.links.size;
  }

  open(action: LinkOpenAction): void {
    // Link ids are never reused by the core; a repeat is a bug there, not a network event.
    if (this.links.has(action.linkId)) throw new Error(`link ${action.linkId} opened twice`);
    // Node's Socket constructor takes `onread` (Node 20 does); @types/node declares it only for
    // connect(). The callback runs only once connected, after `link` below is set.
    const socketOptions: net.SocketConstructorOpts & { readonly onread: net.OnReadOpts } = {
      onread: {
        buffer: readBuffer(),
        callback: (length, buffer) => {
          this.onRead(link, buffer as Buffer, length);
          return true;
        },
      },
    };
    const socket = new net.Socket(socketOptions);
    const link: Link = new Link(action.linkId, action.mode, socket, this.options.replyLimits, (reply) => this.onReply(link, reply));
    this.links.set(link.id, link);
    socket.on('connect', () => this.onConnect(link));
    socket.on('error', (e: Error) => this.goDown(link, strerror(e)));
    socket.on('close', () => this.onClose(link));
    link.connectTimer = setTimeout(() => this.goDown(link, 'connect timeout'), this.options.connectTimeoutMs);
    link.connectTimer.unref();
    try {
      socket.connect({
        host: action.host,
        port: action.port,
        ...(action.bindSource === null ? {} : { localAddress: action.bindSource }),
      });
    } catch (e) {
      // Bad port or bind address: Node throws synchronously; the 'close' event still follows.
      this.goDown(link, strerror(e));
    }
  }

  /** Writes one command. Dropped when the link is unknown or already going down. */
  send(linkId: number, tag: number, argv: readonly string[]): void {
    const link = this.links.get(linkId);
    if (link === undefined || link.downReason !== null) return;
    if (link.mode === 'cmd') {
      if (link.tags.length >= this.options.maxPendingCommands) {
        this.goDown(link, 'too many pending commands');
        return;
      }
      link.tags.push(tag);
    }
    if (!link.corked) {
      link.corked = true;
      link.socket.cork();
      process.nextTick(() => {
        link.corked = false;
        link.socket.uncork();
      });
    }
    link.socket.write(encodeCommand(argv), 'latin1');
    if (link.socket.writableLength > this.options.maxOutputBytes) this.goDown(link, 'output buffer overflow');
  }

  /**
   * Closes a link the core no longer wants; nothing is reported for it afterwards. Commands
   * written in this turn leave first (destroy would drop corked writes): the manual failover's
   * CLIENT KILL at the switch is sent on the old master's link just before that link is reset.
   */
  close(linkId: number): void {
    const link = this.links.get(linkId);
    if (link === undefined) return;
    this.forget(link);
    if (link.corked) {
      link.corked = false;
      link.socket.uncork();
    }
    link.socket.destroy();
  }

  /** Shutdown: closes every link without reporting. */
  closeAll(): void {
    for (const link of [...this.links.values()]) this.close(link.id);
  }

  private onConnect(link: Link): void {
    if (this.links.get(link.id) !== link || link.downReason !== null) return;
    clearConnectTimer(link);
    link.socket.setNoDelay(true);
    this.emit({ kind: 'link-up', linkId: link.id, localIp: link.socket.localAddress ?? '', localPort: link.socket.localPort ?? 0 });
  }

  private onRead(link: Link, buffer: Buffer, length: number): void {
    if (link.downReason !== null) return;
    const error = link.reader.read(buffer, length, link.onReply);
    if (error !== null && this.links.get(link.id) === link) this.goDown(link, `protocol error: ${error}`);
  }

  private onReply(link: Link, reply: Reply): void {
    // Each report may make the core close this link (or send on it); once it is gone, the rest
    // of the read is dropped.
    if (this.links.get(link.id) !== link || link.downReason !== null) return;
    if (link.mode === 'pubsub') {
      this.emit({ kind: 'link-frame', linkId: link.id, frame: reply });
      return;
    }
    const tag = link.tags.shift();
    // Like hiredis: a reply nobody asked for means the stream can't be trusted.
    if (tag === undefined) return this.goDown(link, 'unexpected reply');
    this.emit({ kind: 'link-reply', linkId: link.id, tag, reply });
  }

  /** Starts taking a link down: the reason is reported once the socket has closed. */
  private goDown(link: Link, reason: string): void {
    if (link.downReason === null) link.downReason = reason;
    clearConnectTimer(link);
    link.socket.destroy();
  }

  private onClose(link: Link): void {
    if (this.links.get(link.id) !== link) return;
    this.forget(link);
    this.emit({ kind: 'link-down', linkId: link.id, reason: link.downReason ?? 'connection closed' });
  }

  private forget(link: Link): void {
    clearConnectTimer(link);
    this.links.delete(link.id);
  }
}

function clearConnectTimer(link: Link): void {
  if (link.connectTimer !== null) clearTimeout(link.connectTimer);
  link.connectTimer = null;
}

/** A command as a RESP array of bulk strings; arguments are byte strings (latin1). */
export function encodeCommand(argv: readonly string[]): string {
  let out = '*' + argv.length + '\r\n';
  for (const arg of argv) out += '$' + arg.length + '\r\n' + arg + '\r\n';
  return out;
}
