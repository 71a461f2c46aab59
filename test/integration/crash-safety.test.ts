/**
 * A crash never leaves a half-written sentinel.conf: vigil is killed with SIGKILL while a
 * client makes it rewrite its config as fast as it can, and every time the file on disk
 * still loads (in vigil and in redis-sentinel) with a complete, consistent state.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/persistence/config-load.js';
import { Rng } from '../../src/core/rng.js';
import { startRedisSentinel, startVigil, stopAll } from '../helpers/processes.js';
import { RespClient } from '../helpers/resp-client.js';
import { waitFor } from '../helpers/wait.js';

afterAll(stopAll);

const ROUNDS = 5;

describe('config rewrite under SIGKILL', () => {
  it(`leaves a loadable file after ${ROUNDS} kills mid-rewrite`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const proc = await startVigil({ config: 'sentinel monitor mymaster 127.0.0.1 1 2\n' });
      const client = await RespClient.connect(proc.port);
      let stop = false;
      let flushes = 0;
      const hammer = (async () => {
        for (let q = 1; !stop; q++) {
          // Each SET rewrites the file; alternating lengths make torn writes visible.
          const r = await client.call('SENTINEL', 'SET', 'mymaster', 'quorum', String(1 + (q % 9)), 'auth-pass', 'x'.repeat(q % 2 === 0 ? 10 : 3000));
          if (r.node.type === 'simple') flushes++;
        }
      })().catch(() => undefined);
      await waitFor('some rewrites', () => flushes > 20 + round * 7);
      await proc.stop('SIGKILL');
      stop = true;
      await hammer;
      client.close();

      const text = fs.readFileSync(proc.configPath, 'latin1');
      const loaded = loadConfig(text, { nowMono: 0, rng: new Rng(1), isExecutable: () => true, resolved: new Map() });
      expect(loaded.ok, text).toBe(true);
      if (!loaded.ok) return;
      const master = loaded.state.masters.get('mymaster')!;
      expect([10, 3000]).toContain(master.authPass!.length);
      expect(master.quorum).toBeGreaterThanOrEqual(1);
      // The same file starts a real redis-sentinel too.
      const real = await startRedisSentinel({ config: text });
      await real.stop();
    }
  });
});
