/**
 * A failover overtaken by a newer configuration (core/failover/supersede.ts): a hello with a
 * greater config epoch that names the address we still hold as master ends our failover
 * instead of letting it finish with an older, conflicting result.
 */
import { describe, expect, it } from 'vitest';
import { PEER_1 } from '../monitor/rig.js';
import { failoverCluster, runUntil } from './cluster.js';

describe('a failover superseded by a newer config epoch', () => {
  it('past the promotion: ends without switching to its promoted replica, and says the answer moved back', () => {
    const c = failoverCluster();
    c.rig.run(3000);
    c.nodes.get(6379)!.alive = false;
    c.nodes.get(6381)!.linkUp = false; // holds our failover in reconf_slaves
    expect(runUntil(c.rig, '+failover-state-reconf-slaves', 10_000)).toBe(true);
    const promoted = [...c.master.replicas.values()].find((r) => r.promoted)!.addr.port;
    expect(c.master.failoverEpoch).toBe(1);
    // A peer settled the master at 127.0.0.1:6379 in epoch 5.
    c.rig.pump(c.rig.command('publish', '__sentinel__:hello', `127.0.0.1,26380,${PEER_1},5,m,127.0.0.1,6379,5`));
    expect(c.master.failoverState).toBe('none');
    expect(c.master.configEpoch).toBe(5);
    expect(c.master.addr.port).toBe(6379);
    expect(c.rig.events.filter(([t]) => t === '+switch-master').map(([, m]) => m)).toEqual([`m 127.0.0.1 ${promoted} 127.0.0.1 6379`]);
    // The master the newer epoch named is back: nothing switches again.
    c.nodes.get(6379)!.alive = true;
    c.nodes.get(6381)!.linkUp = true;
    c.rig.run(3000);
    expect(c.rig.events.filter(([t]) => t === '+switch-master')).toHaveLength(1);
    expect(c.master.addr.port).toBe(6379);
  });

  it('before the promotion: aborts', () => {
    const c = failoverCluster();
    c.rig.run(3000);
    c.peersVoteFor = PEER_1; // not elected: stays in wait_start
    c.nodes.get(6379)!.alive = false;
    expect(runUntil(c.rig, '+try-failover', 10_000)).toBe(true);
    c.rig.pump(c.rig.command('publish', '__sentinel__:hello', `127.0.0.1,26380,${PEER_1},5,m,127.0.0.1,6379,5`));
    expect(c.master.failoverState).toBe('none');
    expect(c.rig.log.some((a) => a.kind === 'log' && a.text.startsWith('Failover of m (epoch 1) superseded by config epoch 5'))).toBe(true);
  });
});
