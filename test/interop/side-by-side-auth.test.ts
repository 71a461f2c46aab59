/**
 * Authentication side by side with redis-sentinel 7.0.15: requirepass, ACL users from `user`
 * lines, HELLO with AUTH, NOAUTH before login, and the unauthenticated request limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAll } from '../helpers/processes.js';
import { RespClient, plain } from '../helpers/resp-client.js';
import type { RespNode } from '../helpers/resp-client.js';
import { compareSession, startPair, type Pair } from '../helpers/side-by-side-pair.js';

const CONFIG = [
  'sentinel myid 1111111111111111111111111111111111111111',
  'requirepass secret',
  'user alice on >alicepw ~* &* +@all -sentinel|reset',
  'user ro on >ropw +ping +sentinel|get-master-addr-by-name +info',
  'sentinel monitor mymaster 127.0.0.1 1 2',
  '',
].join('\n');

let pair: Pair;

beforeAll(async () => {
  pair = await startPair(CONFIG);
});
afterAll(stopAll);

/**
 * Redis lists a user's individual command rules in its command table's hash order: compare
 * ACL LIST lines and GETUSER `commands` as sets of rules.
 */
function tokensSorted(node: RespNode): RespNode {
  if (node.type === 'bulk' && /^(user |[+-]@)/.test(node.value)) return { ...node, value: node.value.split(' ').sort().join(' ') };
  if (node.type === 'array' || node.type === 'map') {
    const value = node.value.map((v: RespNode | [RespNode, RespNode]) => (Array.isArray(v) ? [tokensSorted(v[0]), tokensSorted(v[1])] : tokensSorted(v)));
    return { ...node, value } as RespNode;
  }
  return node;
}

/** Runs the same session (a list of commands on one connection) on both and compares replies. */
async function session(...commands: string[][]): Promise<void> {
  await compareSession(pair, commands, tokensSorted);
}

describe('authentication matches redis-sentinel', () => {
  it('refuses commands before AUTH and accepts the requirepass', async () => {
    await session(['PING'], ['SENTINEL', 'MASTERS'], ['AUTH', 'wrong'], ['AUTH', 'secret'], ['PING'], ['ACL', 'WHOAMI']);
  });

  it('lets HELLO authenticate and switch protocol at once', async () => {
    await session(['HELLO', '3'], ['HELLO', '3', 'AUTH', 'default', 'nope'], ['HELLO', '3', 'AUTH', 'default', 'secret', 'SETNAME', 'me'], ['CLIENT', 'GETNAME'], ['SENTINEL', 'MASTER', 'mymaster']);
  });

  it('authenticates ACL users and applies their permissions', async () => {
    await session(['AUTH', 'alice', 'bad'], ['AUTH', 'alice', 'alicepw'], ['ACL', 'WHOAMI'], ['SENTINEL', 'RESET', 'x'], ['SENTINEL', 'MYID']);
    await session(['AUTH', 'ro', 'ropw'], ['PING'], ['SENTINEL', 'get-master-addr-by-name', 'mymaster'], ['SENTINEL', 'MASTERS'], ['SUBSCRIBE', 'x']);
  });

  it('lists the same users', async () => {
    await session(['AUTH', 'secret'], ['ACL', 'USERS'], ['ACL', 'LIST'], ['ACL', 'GETUSER', 'ro'], ['ACL', 'DRYRUN', 'ro', 'sentinel', 'masters']);
  });

  it('closes an unauthenticated client that sends a large request, with the same error', async () => {
    const replies = await Promise.all(
      [pair.vigil, pair.real].map(async (p) => {
        const c = await RespClient.connect(p.port);
        c.writeRaw('*20\r\n');
        const r = await c.next();
        await c.waitClosed();
        return plain(r.node);
      }),
    );
    expect(replies[0]).toBe('ERR Protocol error: unauthenticated multibulk length');
    expect(replies[0]).toBe(replies[1]);
  });
});
