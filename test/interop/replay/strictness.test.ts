/**
 * The replays must fail where their clients fail, or they prove nothing: a fake sentinel on a
 * loopback port answers with canned replies that differ from Sentinel's in exactly one reply
 * type (an integer port, a string subscription count, a string HELLO proto, a RESP2 array
 * where RESP3 needs a map), and each replay that depends on that type must reject it, while
 * the one client that tolerates it (StackExchange.Redis reads integer ports) must not.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseReply, RespClient } from '../../helpers/resp-client.js';
import * as goRedis from './go-redis.js';
import * as jedis from './jedis.js';
import * as lettuce from './lettuce.js';
import * as se from './stackexchange.js';
import { ClientBreak } from './wire.js';

const GOOD_HELLO = '%6\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:7\r\n$4\r\nmode\r\n$8\r\nsentinel\r\n$7\r\nmodules\r\n*0\r\n';
const GOOD_ADDR = '*2\r\n$9\r\n127.0.0.1\r\n$4\r\n6379\r\n';

/** Canned replies by lower-cased command prefix (longest prefix wins). */
type Script = Record<string, string>;

const BASE: Script = {
  hello: GOOD_HELLO,
  'client setinfo': '-ERR unknown subcommand\r\n',
  'sentinel get-master-addr-by-name': GOOD_ADDR,
  'subscribe +switch-master': '*3\r\n$9\r\nsubscribe\r\n$14\r\n+switch-master\r\n:1\r\n',
};

let servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

async function fakeSentinel(overrides: Script): Promise<number> {
  const script = { ...BASE, ...overrides };
  const keys = Object.keys(script).sort((a, b) => b.length - a.length);
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let buf = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      buf += d;
      for (;;) {
        const r = parseReply(buf, 0);
        if (r === null) return;
        buf = buf.slice(r.end);
        const line = r.node.type === 'array' ? r.node.value.map((n) => ('value' in n ? String(n.value) : '')).join(' ').toLowerCase() : '';
        const key = keys.find((k) => line.startsWith(k));
        socket.write(key === undefined ? `-ERR unscripted ${line}\r\n` : script[key]!, 'latin1');
      }
    });
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

describe('the replays reject the reply types their clients reject', () => {
  it('a fake that answers like Sentinel is accepted (the script itself is right)', async () => {
    const port = await fakeSentinel({});
    expect(await jedis.resolveMaster(port, 'mymaster')).toEqual({ host: '127.0.0.1', port: 6379 });
    expect(await lettuce.lookupMaster(port, 'mymaster')).toEqual({ host: '127.0.0.1', port: 6379 });
    const l = await jedis.startListener(port, 'mymaster');
    l.close();
  });

  it('an integer port breaks Jedis, Lettuce and go-redis, not StackExchange.Redis', async () => {
    const port = await fakeSentinel({ 'sentinel get-master-addr-by-name': '*2\r\n$9\r\n127.0.0.1\r\n:6379\r\n' });
    await expect(jedis.resolveMaster(port, 'mymaster')).rejects.toThrow(ClientBreak);
    await expect(lettuce.lookupMaster(port, 'mymaster')).rejects.toThrow(/bulk/);
    const g = await goRedis.connect(port);
    await expect(goRedis.masterAddr(g, 'mymaster')).rejects.toThrow(ClientBreak);
    g.close();
    const c = await RespClient.connect(port);
    expect(await se.primaryAddress(c, 'mymaster')).toEqual({ host: '127.0.0.1', port: 6379 });
    c.close();
  });

  it('a subscription count sent as a string breaks Jedis and go-redis', async () => {
    const port = await fakeSentinel({
      'subscribe +switch-master': '*3\r\n$9\r\nsubscribe\r\n$14\r\n+switch-master\r\n$1\r\n1\r\n',
    });
    await expect(jedis.startListener(port, 'mymaster')).rejects.toThrow(/RESP integer/);
    await expect(goRedis.listen(port, 'mymaster')).rejects.toThrow(/int64/);
  });

  it("HELLO with a string proto, or as a flat array, breaks the RESP3 clients", async () => {
    const stringProto = await fakeSentinel({ hello: GOOD_HELLO.replace(':3\r\n', '$1\r\n3\r\n') });
    await expect(jedis.resolveMaster(stringProto, 'mymaster', true)).rejects.toThrow(/proto/);
    await expect(lettuce.lookupMaster(stringProto, 'mymaster')).rejects.toThrow(/proto/);
    const flat = await fakeSentinel({ hello: GOOD_HELLO.replace('%6', '*12') });
    await expect(lettuce.lookupMaster(flat, 'mymaster')).rejects.toThrow(/map/);
    await expect(goRedis.connect(flat)).rejects.toThrow(/map/);
  });

  it('a +switch-master payload without separate ip and port fields breaks Jedis and go-redis', async () => {
    // Sentinel's form is "<name> <old-ip> <old-port> <new-ip> <new-port>"; this one joins them.
    const payload = 'mymaster 127.0.0.1:6379 127.0.0.1:6380';
    const message = `*3\r\n$7\r\nmessage\r\n$14\r\n+switch-master\r\n$${payload.length}\r\n${payload}\r\n`;
    const port = await fakeSentinel({
      'subscribe +switch-master +replica-reconf-done': `>3\r\n$9\r\nsubscribe\r\n$14\r\n+switch-master\r\n:1\r\n>3\r\n$9\r\nsubscribe\r\n$20\r\n+replica-reconf-done\r\n:2\r\n${message}`,
      'subscribe +switch-master': `${BASE['subscribe +switch-master']!}${message}`,
    });
    const j = await jedis.startListener(port, 'mymaster');
    await expect(j.nextSwitch(2_000)).rejects.toThrow(/invalid \+switch-master payload/);
    j.close();
    const g = await goRedis.listen(port, 'mymaster');
    await expect(g.nextSwitch(2_000)).rejects.toThrow(/fields/);
    g.close();
  });
});
