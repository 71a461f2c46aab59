/**
 * The RESP server under bad and heavy input, against a running vigil: protocol errors close
 * only the offending client (after Redis's error reply), pipelined replies come back in order,
 * inline commands work, and every bound (maxclients, query buffer, slow subscriber output)
 * holds without disturbing other clients.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVigil, stopAll, type Proc } from '../helpers/processes.js';
import { encodeCommand, RespClient, plain } from '../helpers/resp-client.js';
import { waitFor } from '../helpers/wait.js';

let vigil: Proc;
const LONG_NAME = 'm'.repeat(2000);

beforeAll(async () => {
  vigil = await startVigil({
    config: [
      'sentinel monitor mymaster 127.0.0.1 1 2',
      `sentinel monitor ${LONG_NAME} 127.0.0.1 2 2`,
      'maxclients 20',
      'client-output-buffer-limit pubsub 256kb 0 0',
      'client-query-buffer-limit 1mb',
      '',
    ].join('\n'),
  });
});
afterAll(stopAll);

async function healthy(): Promise<void> {
  const c = await RespClient.connect(vigil.port);
  expect(plain((await c.call('PING')).node)).toBe('PONG');
  c.close();
}

function rawExchange(data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ port: vigil.port, host: '127.0.0.1' }, () => socket.end(data, 'latin1'));
    let out = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (out += d));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('RESP server', () => {
  it('answers HAProxy-style inline checks', async () => {
    const out = await rawExchange('PING\r\nSENTINEL get-master-addr-by-name mymaster\r\n');
    expect(out).toBe('+PONG\r\n*2\r\n$9\r\n127.0.0.1\r\n$1\r\n1\r\n');
  });

  it('returns pipelined replies in order, errors included', async () => {
    const c = await RespClient.connect(vigil.port);
    const commands = [['PING', 'a'], ['NOPE'], ['SENTINEL', 'MYID'], ['PING', 'b'], ['SENTINEL', 'MASTER', 'x']];
    c.writeRaw(commands.map(encodeCommand).join('').repeat(200));
    for (let i = 0; i < 200; i++) {
      expect(plain((await c.next()).node)).toBe('a');
      expect((await c.next()).node.type).toBe('error');
      expect((await c.next()).node.type).toBe('bulk');
      expect(plain((await c.next()).node)).toBe('b');
      expect(plain((await c.next()).node)).toBe('ERR No such master with that name');
    }
    c.close();
  });

  it('replies with the protocol error and closes only that client', async () => {
    const bystander = await RespClient.connect(vigil.port);
    const out = await rawExchange('PING\r\n*1\r\n+garbage\r\nPING\r\n');
    expect(out).toBe("+PONG\r\n-ERR Protocol error: expected '$', got '+'\r\n");
    expect(plain((await bystander.call('PING')).node)).toBe('PONG');
    bystander.close();
  });

  it('survives random garbage from many clients', async () => {
    const bystander = await RespClient.connect(vigil.port);
    let seed = 42;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        let junk = '';
        for (let i = 0; i < 5000; i++) junk += String.fromCharCode(rand() % 256);
        await rawExchange(junk);
      }),
    );
    expect(plain((await bystander.call('SENTINEL', 'get-master-addr-by-name', 'mymaster')).node)).toEqual(['127.0.0.1', '1']);
    bystander.close();
  });

  it('drops a client whose request outgrows client-query-buffer-limit', async () => {
    const c = await RespClient.connect(vigil.port);
    c.writeRaw('*2\r\n$4\r\nPING\r\n$2000000\r\n' + 'x'.repeat(1_100_000));
    await c.waitClosed();
    await healthy();
  });

  it('refuses clients beyond maxclients with Redis’s error', async () => {
    const held: RespClient[] = [];
    try {
      let refused: string | null = null;
      for (let i = 0; i < 25 && refused === null; i++) {
        const c = await RespClient.connect(vigil.port);
        held.push(c);
        const r = await c.call('PING');
        if (r.node.type === 'error') refused = r.node.value;
      }
      expect(refused).toBe('ERR max number of clients reached');
    } finally {
      held.forEach((c) => c.close());
    }
    await waitFor('a free client slot', async () => {
      const c = await RespClient.connect(vigil.port);
      try {
        return (await c.call('PING')).node.type === 'simple';
      } finally {
        c.close();
      }
    });
  });

  it('disconnects a subscriber that stops reading once its output passes the pubsub limit', async () => {
    const slow = net.createConnection({ port: vigil.port, host: '127.0.0.1' });
    await new Promise((r) => slow.once('connect', r));
    const closed = new Promise<void>((r) => slow.once('close', () => r()));
    slow.on('error', () => undefined);
    slow.write(encodeCommand(['PSUBSCRIBE', '*']));
    const writer = await RespClient.connect(vigil.port);
    const subscribers = async (): Promise<number> => {
      const list = plain((await writer.call('CLIENT', 'LIST')).node) as string;
      return list.split('\n').filter((l) => l.includes(' psub=1 ')).length;
    };
    await waitFor('the subscription', async () => (await subscribers()) === 1);
    slow.pause();
    // One SET with many options: many ~2 KB events for a single config flush.
    const manyOptions = Array.from({ length: 200 }, () => ['quorum', '2']).flat();
    for (let round = 0; round < 100 && (await subscribers()) > 0; round++) {
      expect(plain((await writer.call('SENTINEL', 'SET', LONG_NAME, ...manyOptions)).node)).toBe('OK');
    }
    expect(await subscribers()).toBe(0);
    slow.resume(); // a paused socket only notices the close once it reads again
    await closed;
    expect(plain((await writer.call('PING')).node)).toBe('PONG');
    writer.close();
  });
});
