/**
 * Server-level `rename-command` in sentinel.conf, side by side with redis-sentinel 7.0.15 on the
 * same file: a renamed command answers only to its new name, a command renamed to "" is gone,
 * and the COMMAND / ACL / CLIENT replies that name or look up commands agree (RESP2 and RESP3).
 * Operators use this to hide commands (`rename-command SHUTDOWN ""`); vigil ignoring it would
 * leave them callable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAll } from '../helpers/processes.js';
import { RespClient } from '../helpers/resp-client.js';
import { compareSession, startPair, type Pair } from '../helpers/side-by-side-pair.js';

const CONFIG = [
  'sentinel myid 2222222222222222222222222222222222222222',
  'rename-command PING pong2',
  'rename-command sentinel sent',
  'rename-command SHUTDOWN ""',
  'rename-command pong2 pong3',
  'sentinel monitor mymaster 127.0.0.1 1 2',
  '',
].join('\n');

let pair: Pair;

// PING itself is renamed: startPair waits on the port rather than on a PONG.
beforeAll(async () => {
  pair = await startPair(CONFIG);
});
afterAll(stopAll);

async function session(...commands: string[][]): Promise<void> {
  await compareSession(pair, commands);
}

describe('server rename-command matches redis-sentinel', () => {
  it('answers only to the new names; a command renamed to "" is gone', async () => {
    await session(
      ['PING'], ['pong2'], ['pong3'], ['PONG3', 'hello'], ['pong3', 'a', 'b'],
      ['sentinel', 'myid'], ['SENT', 'myid'], ['sent', 'get-master-addr-by-name', 'mymaster'], ['sent', 'nosuch'],
      ['SHUTDOWN'], ['shutdown', 'nosave'],
    );
  });

  it('keeps each command under its own name in COMMAND replies, looked up by the new one', async () => {
    await session(
      ['COMMAND', 'COUNT'], ['COMMAND', 'INFO', 'ping', 'pong3', 'shutdown', 'sentinel'],
      ['COMMAND', 'INFO', 'sent|myid', 'sentinel|myid'], ['COMMAND', 'DOCS', 'pong3', 'ping'], ['COMMAND', 'GETKEYS', 'sent', 'myid'],
    );
    const [a, b] = await Promise.all([RespClient.connect(pair.vigil.port), RespClient.connect(pair.real.port)]);
    try {
      // The full table and the list: compared as the sets of names they give (their order is
      // Redis's hash order).
      const names = async (c: RespClient, ...args: string[]): Promise<string[]> => {
        const node = (await c.call(...args)).node;
        if (node.type !== 'array') throw new Error(`${args.join(' ')} answered ${node.type}`);
        return node.value.map((e) => (e.type === 'array' ? e.value[0] : e)).map((e) => (e?.type === 'bulk' ? e.value : '?')).sort();
      };
      expect(await names(a, 'COMMAND')).toEqual(await names(b, 'COMMAND'));
      const listed = await names(a, 'COMMAND', 'LIST');
      expect(listed).toEqual(await names(b, 'COMMAND', 'LIST'));
      expect(listed).toContain('ping');
      expect(listed).not.toContain('shutdown');
      // A container looked up by its new name is reported under its own (subcommands in hash order).
      const head = async (c: RespClient): Promise<unknown> => {
        const node = (await c.call('COMMAND', 'INFO', 'sent')).node;
        return node.type === 'array' && node.value[0]?.type === 'array' ? node.value[0].value[0] : node;
      };
      expect(await head(a)).toEqual({ type: 'bulk', value: 'sentinel' });
      expect(await head(b)).toEqual({ type: 'bulk', value: 'sentinel' });
    } finally {
      a.close();
      b.close();
    }
  });

  it('ACL rules name commands by their own names; ACL DRYRUN by the new ones; CLIENT LIST shows the own name', async () => {
    await session(
      ['HELLO', '3'],
      ['ACL', 'SETUSER', 'u1', 'on', 'nopass', '+@all', '-ping'], ['ACL', 'SETUSER', 'u2', 'on', 'nopass', '-pong3'],
      ['ACL', 'DRYRUN', 'u1', 'pong3'], ['ACL', 'DRYRUN', 'u1', 'ping'], ['ACL', 'DRYRUN', 'default', 'sent', 'myid'],
      ['AUTH', 'u1', 'x'], ['pong3'], ['SUBSCRIBE', 'ch'], ['pong3'],
    );
    const replies = await Promise.all([pair.vigil, pair.real].map(async (p) => {
      const c = await RespClient.connect(p.port);
      try {
        await c.call('pong3');
        const list = (await c.call('CLIENT', 'INFO')).node;
        return list.type === 'bulk' || list.type === 'verbatim' ? /cmd=(\S+)/.exec(String(list.value))?.[1] : undefined;
      } finally {
        c.close();
      }
    }));
    expect(replies).toEqual(['client|info', 'client|info']);
  });
});
