import { describe, expect, test } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import type { Reply } from '../../../src/resp/values.js';
import { Net, type Conn, type ServerEnd } from '../../sim/net.js';
import { World } from '../../sim/world.js';

/** An echo server on 10.0.0.2:1 and a log of everything both ends saw, with times. */
function setup(delayMs = 5, jitterMs = 0): { w: World; net: Net; log: string[]; connect: () => Conn; serverConns: Conn[] } {
  const w = new World();
  w.addNode('c');
  w.addNode('s');
  const net = new Net(w, new Rng(3));
  net.delayMs = delayMs;
  net.jitterMs = jitterMs;
  const log: string[] = [];
  const serverConns: Conn[] = [];
  net.listen('10.0.0.2', 1, {
    nodeId: 's',
    accept(conn): ServerEnd {
      serverConns.push(conn);
      log.push(`${w.now} s accept`);
      return {
        onRequest: (argv) => {
          log.push(`${w.now} s got ${argv.join(' ')}`);
          net.frame(conn, { t: 'bulk', v: argv.join(' ') });
        },
        onClosed: (reason) => log.push(`${w.now} s closed ${reason}`),
      };
    },
  });
  const connect = (): Conn =>
    net.connect('c', '10.0.0.1', '10.0.0.2', 1, {
      onUp: (ip, port) => log.push(`${w.now} c up ${ip}:${port}`),
      onFrame: (f: Reply) => log.push(`${w.now} c frame ${f.t === 'bulk' ? f.v : f.t}`),
      onDown: (reason) => log.push(`${w.now} c down ${reason}`),
    });
  return { w, net, log, connect, serverConns };
}

describe('net', () => {
  test('latency delays one direction between two nodes, keeps FIFO, and ends when removed', () => {
    const { w, net, log, connect } = setup();
    const conn = connect();
    w.runFor(20);
    net.setLatency('s', 'c', 100);
    net.request(conn, ['slow']);
    w.runFor(6);
    net.setLatency('s', 'c', 0);
    net.request(conn, ['fast']);
    w.runFor(300);
    net.request(conn, ['later']);
    w.runFor(300);
    // Requests go c -> s unslowed; the answer sent under latency takes 105 ms, the next one
    // queues behind it (FIFO), and once the first is through answers take 5 ms again.
    expect(log.slice(-6)).toEqual(['25 s got slow', '31 s got fast', '130 c frame slow', '130 c frame fast', '331 s got later', '336 c frame later']);
  });

  test('connects after a delay, buffers early requests, and answers in order', () => {
    const { w, net, log, connect } = setup();
    const conn = connect();
    net.request(conn, ['a']);
    net.request(conn, ['b']);
    w.runFor(100);
    expect(log).toEqual(['5 s accept', '10 c up 10.0.0.1:40000', '15 s got a', '15 s got b', '20 c frame a', '20 c frame b']);
  });

  test('each direction stays FIFO under jitter', () => {
    const { w, net, log, connect } = setup(1, 50);
    const conn = connect();
    w.runFor(200);
    for (let i = 0; i < 40; i++) w.after(i, null, 'send', () => net.request(conn, [String(i)]));
    w.runFor(1000);
    const got = log.filter((l) => l.includes('c frame')).map((l) => Number(l.split(' ').pop()));
    expect(got).toEqual([...Array(40).keys()]);
  });

  test('a connection to a port nobody listens on is refused', () => {
    const { w, net, log } = setup();
    net.connect('c', '10.0.0.1', '10.0.0.9', 1, { onUp: () => log.push('up'), onFrame: () => undefined, onDown: (r) => log.push(`${w.now} down ${r}`) });
    w.runFor(100);
    expect(log).toEqual(['10 down Connection refused']);
  });

  test('a server close delivers what was sent first, then the close; a client close reports nothing back', () => {
    const { w, net, log, connect, serverConns } = setup();
    const conn = connect();
    w.runFor(20);
    net.frame(serverConns[0]!, { t: 'bulk', v: 'bye' });
    net.closeByServer(serverConns[0]!);
    w.runFor(20);
    expect(log.slice(-2)).toEqual(['25 c frame bye', '25 c down Connection closed by server']);
    const conn2 = connect();
    w.runFor(20);
    net.request(conn2, ['last']);
    net.closeByClient(conn2);
    w.runFor(20);
    expect(log.slice(-2)).toEqual(['65 s got last', '65 s closed client closed the connection']);
    void conn;
  });

  test('a two-way partition breaks connections (both ends learn once) and refuses new ones until healed', () => {
    const { w, net, log, connect } = setup();
    const conn = connect();
    w.runFor(20);
    net.request(conn, ['lost']);
    const handle = net.partition(['c'], ['s'], true);
    w.runFor(20);
    expect(log.slice(-2)).toEqual(['25 c down Connection timed out', '25 s closed Connection timed out']);
    connect();
    w.runFor(20);
    expect(log.slice(-1)).toEqual(['45 c down No route to host']);
    net.heal(handle);
    connect();
    w.runFor(20);
    expect(log.slice(-1)).toEqual(['70 c up 10.0.0.1:40002']);
  });

  test('a one-way block drops what travels that way without breaking the connection, and connects time out', () => {
    const { w, net, log, connect } = setup();
    net.connectTimeoutMs = 1000;
    const conn = connect();
    w.runFor(20);
    net.partition(['s'], ['c'], false);
    net.request(conn, ['ping']);
    w.runFor(20);
    expect(log.slice(-1)).toEqual(['25 s got ping']);
    expect(conn.state).toBe('open');
    connect();
    w.runFor(2000);
    expect(log.slice(-1)).toEqual(['1045 c down Connection timed out']);
  });

  test('a stopped server still completes the handshake; it answers when it resumes', () => {
    const { w, net, log, connect } = setup();
    w.pause('s');
    const conn = connect();
    net.request(conn, ['hi']);
    w.runFor(100);
    expect(log).toEqual(['10 c up 10.0.0.1:40000']);
    w.resume('s');
    w.runFor(100);
    expect(log.slice(1)).toEqual(['100 s accept', '100 s got hi', '105 c frame hi']);
  });

  test('a crashed node hears nothing; its peers learn of the break', () => {
    const { w, net, log, connect } = setup();
    connect();
    w.runFor(20);
    w.crash('s');
    net.crashNode('s');
    w.runFor(20);
    expect(log.slice(-1)).toEqual(['25 c down Connection reset by peer']);
    connect();
    w.runFor(20);
    expect(log.slice(-1)).toEqual(['50 c down Connection refused']);
  });

  test('too much in flight breaks the connection', () => {
    const { w, net, log, connect } = setup();
    const conn = connect();
    w.runFor(20);
    w.pause('s');
    for (let i = 0; i <= 10_000; i++) net.request(conn, ['x']);
    w.runFor(20);
    expect(log.slice(-1)).toEqual(['25 c down in-flight bound exceeded']);
  });
});
