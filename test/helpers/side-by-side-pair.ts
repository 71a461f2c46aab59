/**
 * vigil and redis-sentinel started on the same sentinel.conf, and sessions run on both: the
 * same commands on one connection to each, every reply compared (side-by-side.ts).
 */
import { expect } from 'vitest';
import { startRedisSentinel, startVigil, type Proc } from './processes.js';
import { RespClient, type RespNode } from './resp-client.js';
import { AGE_FIELDS, compareReplies } from './side-by-side.js';

export interface Pair {
  readonly vigil: Proc;
  readonly real: Proc;
}

/** Both started; ready once each accepts connections (PING may need AUTH, or be renamed). */
export async function startPair(config: string): Promise<Pair> {
  const [vigil, real] = await Promise.all([startVigil({ config, noWait: true }), startRedisSentinel({ config, noWait: true })]);
  for (const p of [vigil, real]) {
    for (let i = 0; i < 200; i++) {
      try {
        (await RespClient.connect(p.port)).close();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 25));
      }
    }
  }
  return { vigil, real };
}

/** Runs `commands` on one connection to each; every reply must match after `normalize`. */
export async function compareSession(pair: Pair, commands: readonly string[][], normalize: (node: RespNode) => RespNode = (n) => n): Promise<void> {
  const [a, b] = await Promise.all([RespClient.connect(pair.vigil.port), RespClient.connect(pair.real.port)]);
  try {
    for (const args of commands) {
      const [ra, rb] = await Promise.all([a.call(...args), b.call(...args)]);
      const diffs = compareReplies(normalize(ra.node), normalize(rb.node), new Set([...AGE_FIELDS, 'id']));
      expect(`${args.join(' ')}\n${diffs.join('\n')}`).toBe(`${args.join(' ')}\n`);
    }
  } finally {
    a.close();
    b.close();
  }
}
