/**
 * The outgoing-link adapter against a real redis-server: exact reply types on a command link,
 * frames on a pub/sub link, and exactly one link-down per connection for every way a
 * connection can end (refused, killed server, protocol violation) — none after link-close.
 * Also the two other adapters the runtime drives: DNS (bounded, never synchronous) and the tick.
 */
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LinkPort, type LinkEvent, type LinkOptions } from '../../src/node/links.js';
import { DnsPort } from '../../src/node/dns.js';
import { TickTimer, type LinkOpenAction } from '../../src/node/runtime.js';
import { freePort } from '../helpers/ports.js';
import { startRedisServer, stopAll, type Proc } from '../helpers/processes.js';
import { RespClient, plain } from '../helpers/resp-client.js';
import { waitFor } from '../helpers/wait.js';

let redis: Proc;
let nextLinkId = 1;
const ports: LinkPort[] = [];

beforeAll(async () => {
  // protected-mode would refuse the 127.0.0.2 client of the bind-source test.
  redis = await startRedisServer(['--protected-mode', 'no']);
});
afterEach(() => {
  for (const p of ports.splice(0)) p.closeAll();
});
afterAll(stopAll);

interface Harness {
  readonly port: LinkPort;
  readonly events: LinkEvent[];
  open(mode: 'cmd' | 'pubsub', options?: { port?: number; host?: string; bindSource?: string | null }): number;
  /** Waits for an event of `kind` on `linkId` and returns the first one not consumed yet. */
  next<K extends LinkEvent['kind']>(linkId: number, kind: K): Promise<Extract<LinkEvent, { kind: K }>>;
  of(linkId: number): LinkEvent[];
}

function harness(options: Partial<LinkOptions> = {}): Harness {
  const events: LinkEvent[] = [];
  const consumed = new Set<LinkEvent>();
  const port = new LinkPort((e) => events.push(e), options);
  ports.push(port);
  const h: Harness = {
    port,
    events,
    open: (mode, o = {}) => {
      const action: LinkOpenAction = {
        kind: 'link-open',
        linkId: nextLinkId++,
        mode,
        host: o.host ?? '127.0.0.1',
        port: o.port ?? redis.port,
        bindSource: o.bindSource ?? null,
        label: `test-${mode}`,
      };
      port.open(action);
      return action.linkId;
    },
    next: async (linkId, kind) => {
      type E = Extract<LinkEvent, { kind: typeof kind }>;
      return waitFor(`${kind} on link ${linkId}`, () => {
        const found = events.find((e): e is E => e.linkId === linkId && e.kind === kind && !consumed.has(e));
        if (found !== undefined) consumed.add(found);
        return found;
      }, 5_000, 5);
    },
    of: (linkId) => events.filter((e) => e.linkId === linkId),
  };
  return h;
}

const settle = (ms = 100) => new Promise((r) => setTimeout(r, ms));

describe('LinkPort against redis-server', () => {
  it('reports link-up with our side of the socket, then PING → status PONG and INFO → bulk', async () => {
    const h = harness();
    const id = h.open('cmd');
    const up = await h.next(id, 'link-up');
    expect(up.localIp).toBe('127.0.0.1');
    expect(up.localPort).toBeGreaterThan(0);
    h.port.send(id, 1, ['PING']);
    h.port.send(id, 2, ['INFO']);
    h.port.send(id, 3, ['CLIENT', 'SETNAME', 'sentinel-12345678-cmd']);
    const ping = await h.next(id, 'link-reply');
    const info = await h.next(id, 'link-reply');
    const setname = await h.next(id, 'link-reply');
    expect(ping).toMatchObject({ tag: 1, reply: { t: 'simple', v: 'PONG' } });
    expect(info.tag).toBe(2);
    expect(info.reply.t).toBe('bulk');
    expect(info.reply.t === 'bulk' && info.reply.v.includes('# Replication\r\nrole:master')).toBe(true);
    expect(setname).toMatchObject({ tag: 3, reply: { t: 'simple', v: 'OK' } });
  });

  it('accepts sends queued before the connection is up (pipelined right after link-open)', async () => {
    const h = harness();
    const id = h.open('cmd');
    h.port.send(id, 7, ['PING', 'early']);
    expect(await h.next(id, 'link-reply')).toMatchObject({ tag: 7, reply: { t: 'bulk', v: 'early' } });
    expect(h.of(id).map((e) => e.kind)).toEqual(['link-up', 'link-reply']);
  });

  it('keeps error replies as errors with their text', async () => {
    const h = harness();
    const id = h.open('cmd');
    h.port.send(id, 1, ['NOSUCHCOMMAND']);
    const r = await h.next(id, 'link-reply');
    expect(r.reply.t).toBe('error');
    expect(r.reply.t === 'error' && r.reply.v.startsWith("ERR unknown command 'NOSUCHCOMMAND'")).toBe(true);
  });

  it('sends and receives byte strings exactly', async () => {
    const h = harness();
    const id = h.open('cmd');
    const value = '\x00\xff\r\n\x80é';
    h.port.send(id, 1, ['SET', 'links:bin', value]);
    h.port.send(id, 2, ['GET', 'links:bin']);
    await h.next(id, 'link-reply');
    expect(await h.next(id, 'link-reply')).toMatchObject({ tag: 2, reply: { t: 'bulk', v: value } });
  });

  it('reads replies larger than one socket read on several links at once, exactly (all links share one read buffer)', async () => {
    const h = harness();
    const a = h.open('cmd');
    const b = h.open('cmd');
    // 300 kB of every byte value: several reads per reply, interleaved between the two links.
    const value = Array.from({ length: 300_000 }, (_, i) => String.fromCharCode((i * 7) % 256)).join('');
    h.port.send(a, 1, ['SET', 'links:big', value]);
    await h.next(a, 'link-reply');
    for (let tag = 2; tag < 5; tag++) {
      h.port.send(a, tag, ['GET', 'links:big']);
      h.port.send(b, tag, ['GET', 'links:big']);
    }
    for (let tag = 2; tag < 5; tag++) {
      expect(await h.next(a, 'link-reply')).toMatchObject({ tag, reply: { t: 'bulk', v: value } });
      expect(await h.next(b, 'link-reply')).toMatchObject({ tag, reply: { t: 'bulk', v: value } });
    }
  });

  it('reports every frame of a pub/sub link: the subscribe confirmation and a PUBLISH from another client', async () => {
    const h = harness();
    const id = h.open('pubsub');
    h.port.send(id, 1, ['SUBSCRIBE', '__sentinel__:hello']);
    const confirmation = await h.next(id, 'link-frame');
    expect(confirmation.frame).toEqual({
      t: 'array',
      v: [{ t: 'bulk', v: 'subscribe' }, { t: 'bulk', v: '__sentinel__:hello' }, { t: 'int', v: 1 }],
    });
    const publisher = await RespClient.connect(redis.port);
    expect(plain((await publisher.call('PUBLISH', '__sentinel__:hello', '127.0.0.1,26379,abc,0,mymaster,127.0.0.1,6379,0')).node)).toBe(1);
    publisher.close();
    const message = await h.next(id, 'link-frame');
    expect(message.frame).toEqual({
      t: 'array',
      v: [{ t: 'bulk', v: 'message' }, { t: 'bulk', v: '__sentinel__:hello' }, { t: 'bulk', v: '127.0.0.1,26379,abc,0,mymaster,127.0.0.1,6379,0' }],
    });
  });

  it('reports link-down once when connecting to a closed port', async () => {
    const h = harness();
    const id = h.open('cmd', { port: await freePort() });
    h.port.send(id, 1, ['PING']);
    const down = await h.next(id, 'link-down');
    expect(down.reason).toBe('Connection refused');
    await settle();
    expect(h.of(id).map((e) => e.kind)).toEqual(['link-down']);
    expect(h.port.size).toBe(0);
  });

  it('reports link-down after the connect timeout when nobody answers the SYN', async () => {
    // A stopped redis-server with a one-slot accept queue: once the queue is full the kernel
    // drops further SYNs, which is what an unreachable host looks like.
    const frozen = await startRedisServer(['--tcp-backlog', '0']);
    const fillers: net.Socket[] = [];
    try {
      await frozen.stop('SIGSTOP');
      for (let full = false; !full && fillers.length < 20; ) {
        const socket = net.connect({ host: '127.0.0.1', port: frozen.port });
        socket.on('error', () => undefined);
        fillers.push(socket);
        full = !(await new Promise<boolean>((r) => {
          socket.once('connect', () => r(true));
          setTimeout(() => r(false), 200);
        }));
      }
      const h = harness({ connectTimeoutMs: 300 });
      const id = h.open('cmd', { port: frozen.port });
      expect((await h.next(id, 'link-down')).reason).toBe('connect timeout');
      await settle(300);
      expect(h.of(id)).toHaveLength(1);
    } finally {
      for (const s of fillers) s.destroy();
      await frozen.stop('SIGKILL');
    }
  });

  it('reports nothing after link-close, even for replies in flight', async () => {
    const h = harness();
    const id = h.open('cmd');
    await h.next(id, 'link-up');
    h.port.send(id, 1, ['PING']);
    h.port.close(id);
    h.port.send(id, 2, ['PING']); // dropped: unknown link
    await settle(200);
    expect(h.of(id).map((e) => e.kind)).toEqual(['link-up']);
    expect(h.port.size).toBe(0);
  });

  it('reports nothing for a link closed while still connecting', async () => {
    const h = harness();
    const id = h.open('cmd', { port: await freePort() });
    h.port.close(id);
    await settle(200);
    expect(h.of(id)).toEqual([]);
  });

  it('binds to bindSource so the server sees the client from that address', async () => {
    const h = harness();
    const id = h.open('cmd', { bindSource: '127.0.0.2' });
    const up = await h.next(id, 'link-up');
    expect(up.localIp).toBe('127.0.0.2');
    h.port.send(id, 1, ['CLIENT', 'SETNAME', 'bound-link']);
    h.port.send(id, 2, ['CLIENT', 'LIST']);
    await h.next(id, 'link-reply');
    const list = await h.next(id, 'link-reply');
    const line = list.reply.t === 'bulk' ? list.reply.v.split('\n').find((l) => l.includes('name=bound-link')) : undefined;
    expect(line).toContain(`addr=127.0.0.2:${up.localPort} `);
  });

  it('reports link-down for a bind address that is not ours', async () => {
    const h = harness();
    const id = h.open('cmd', { bindSource: '192.0.2.1' });
    expect((await h.next(id, 'link-down')).reason).toBe('Cannot assign requested address');
  });

  it('drops a link whose peer sends a reply nobody asked for, or breaks the protocol', async () => {
    const server = net.createServer((socket) => socket.write('+SURPRISE\r\n'));
    const bad = net.createServer((socket) => socket.on('data', () => socket.write('%1\r\n')));
    await Promise.all([server, bad].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))));
    try {
      const h = harness();
      const a = h.open('cmd', { port: (server.address() as net.AddressInfo).port });
      expect((await h.next(a, 'link-down')).reason).toBe('unexpected reply');
      const b = h.open('cmd', { port: (bad.address() as net.AddressInfo).port });
      h.port.send(b, 1, ['PING']);
      expect((await h.next(b, 'link-down')).reason).toBe('protocol error: unexpected reply type byte "%"');
      await settle();
      expect(h.of(a).filter((e) => e.kind === 'link-down')).toHaveLength(1);
      expect(h.of(b).filter((e) => e.kind === 'link-down')).toHaveLength(1);
    } finally {
      server.close();
      bad.close();
    }
  });

  it('drops a link over its pending-command bound instead of queueing without end', async () => {
    const h = harness({ maxPendingCommands: 3 });
    const id = h.open('cmd');
    for (let tag = 1; tag <= 4; tag++) h.port.send(id, tag, ['PING']);
    expect((await h.next(id, 'link-down')).reason).toBe('too many pending commands');
    // Nothing was reported synchronously from inside send().
    await settle();
    expect(h.of(id).filter((e) => e.kind === 'link-reply')).toEqual([]);
  });
});

describe('LinkPort when the server dies', () => {
  it('reports exactly one link-down per link when redis-server is SIGKILLed', async () => {
    const victim = await startRedisServer();
    const h = harness();
    const cmd = h.open('cmd', { port: victim.port });
    const pubsub = h.open('pubsub', { port: victim.port });
    await h.next(cmd, 'link-up');
    h.port.send(pubsub, 1, ['SUBSCRIBE', '__sentinel__:hello']);
    await h.next(pubsub, 'link-frame');
    await victim.stop('SIGKILL');
    await h.next(cmd, 'link-down');
    await h.next(pubsub, 'link-down');
    h.port.send(cmd, 2, ['PING']); // dropped silently
    await settle(200);
    expect(h.of(cmd).map((e) => e.kind)).toEqual(['link-up', 'link-down']);
    expect(h.of(pubsub).map((e) => e.kind)).toEqual(['link-up', 'link-frame', 'link-down']);
  });
});

describe('DnsPort', () => {
  type Resolved = { requestId: number; host: string; ip: string | null };
  const collect = () => {
    const got: Resolved[] = [];
    return { got, emit: (e: { requestId: number; host: string; ip: string | null }) => got.push({ requestId: e.requestId, host: e.host, ip: e.ip }) };
  };

  it('resolves localhost through the system resolver, asynchronously', async () => {
    const { got, emit } = collect();
    const dns = new DnsPort(emit);
    dns.resolve(1, 'localhost');
    expect(got).toEqual([]);
    await waitFor('resolved', () => got.length === 1);
    expect(['127.0.0.1', '::1']).toContain(got[0]!.ip);
  });

  it('answers null once for an unknown name, and null at the timeout for a stuck lookup', async () => {
    const { got, emit } = collect();
    let late: ((e: Error | null, a: string | null) => void) | null = null;
    const dns = new DnsPort(emit, {
      timeoutMs: 50,
      lookup: (host, cb) => (host === 'stuck.invalid' ? (late = cb) : setImmediate(() => cb(new Error('ENOTFOUND'), null))),
    });
    dns.resolve(1, 'nothing.invalid');
    dns.resolve(2, 'stuck.invalid');
    await waitFor('two answers', () => got.length === 2);
    late!(null, '10.0.0.1'); // too late: dropped
    await settle(50);
    expect(got).toEqual([
      { requestId: 1, host: 'nothing.invalid', ip: null },
      { requestId: 2, host: 'stuck.invalid', ip: null },
    ]);
    expect(dns.pending).toBe(0);
  });

  it('answers null beyond its in-flight bound instead of queueing', async () => {
    const { got, emit } = collect();
    const dns = new DnsPort(emit, { maxInFlight: 1, lookup: (_h, cb) => setTimeout(() => cb(null, '10.0.0.2'), 20) });
    dns.resolve(1, 'a.example');
    dns.resolve(2, 'b.example');
    await waitFor('two answers', () => got.length === 2);
    expect(got).toEqual([
      { requestId: 2, host: 'b.example', ip: null },
      { requestId: 1, host: 'a.example', ip: '10.0.0.2' },
    ]);
  });
});

describe('TickTimer', () => {
  it('keeps one pending tick: a new schedule replaces the old one', async () => {
    const fired: number[] = [];
    const t0 = Date.now();
    const ticks = new TickTimer(() => fired.push(Date.now() - t0), 10_000);
    ticks.schedule(500);
    ticks.schedule(20);
    await waitFor('a tick', () => fired.length === 1);
    expect(fired[0]!).toBeLessThan(400);
    // Nothing rescheduled inside the tick: the fallback keeps the timer alive.
    expect(ticks.pending).toBe(true);
    ticks.stop();
    expect(ticks.pending).toBe(false);
  });

  it('falls back to its default period when the tick handler schedules nothing', async () => {
    let count = 0;
    const ticks = new TickTimer(() => count++, 10);
    ticks.ensureScheduled();
    await waitFor('three ticks', () => count >= 3);
    ticks.stop();
    const after = count;
    await settle(50);
    expect(count).toBe(after);
  });
});
