/**
 * What the address switch forgets (master-reset.ts rule 6): the peers' "master is down" answers
 * about the old address, answers to is-master-down-by-addr still travelling when the switch
 * happens, and the reconnect back-off of the old master's link. Any of them surviving can mark
 * the new master ODOWN right after a failover and start a second, needless one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failoverSwitches } from '../../../src/core/failover/start.js';
import { arr, bulk, int } from '../../../src/resp/values.js';
import { PEER_1 } from '../monitor/rig.js';
import { failoverCluster, runUntil } from './cluster.js';

const gateWas = failoverSwitches.automaticStart;
beforeEach(() => {
  failoverSwitches.automaticStart = true;
});
afterEach(() => {
  failoverSwitches.automaticStart = gateWas;
});

describe('the address switch', () => {
  it('forgets the peers\' down answers, and voids answers about the old address that arrive later', () => {
    const c = failoverCluster();
    c.rig.run(3000);
    c.nodes.get(6379)!.alive = false;
    c.nodes.get(6381)!.linkUp = false; // holds the failover in reconf_slaves
    expect(runUntil(c.rig, '+failover-state-reconf-slaves', 10_000)).toBe(true);
    // From now on the peers' answers are held back (still in flight at the switch).
    const held: { linkId: number; tag: number }[] = [];
    const from = c.rig.sent.length;
    c.rig.node(26380, (argv) => (argv[0] === 'SENTINEL' ? null : { t: 'simple', v: 'PONG' }));
    c.rig.node(26381, (argv) => (argv[0] === 'SENTINEL' ? null : { t: 'simple', v: 'PONG' }));
    c.rig.run(1500); // the master is still SDOWN: the peers are asked again
    for (const s of c.rig.sent.slice(from)) if (s.argv[1] === 'is-master-down-by-addr') held.push({ linkId: s.link.linkId, tag: s.tag });
    expect(held.length).toBeGreaterThan(0);
    expect([...c.master.sentinels.values()].some((p) => p.masterDown)).toBe(true);

    c.nodes.get(6381)!.linkUp = true;
    expect(runUntil(c.rig, '+switch-master', 10_000)).toBe(true);
    expect(c.master.addr.port).not.toBe(6379);
    expect([...c.master.sentinels.values()].map((p) => p.masterDown)).toEqual([false, false]);

    for (const h of held) c.rig.pump(c.rig.reply(h.linkId, h.tag, arr([int(1), bulk(PEER_1), int(1)])));
    expect([...c.master.sentinels.values()].map((p) => p.masterDown)).toEqual([false, false]);
  });

  it('connects to the new master in the step of the switch, without waiting out the old back-off', () => {
    const c = failoverCluster({ peers: false });
    c.rig.run(3000);
    c.rig.pump(c.rig.command('sentinel', 'failover', 'm'));
    const before = c.rig.log.length;
    expect(runUntil(c.rig, '+switch-master', 10_000)).toBe(true);
    const after = c.rig.log.slice(before);
    const switchAt = after.findIndex((a) => a.kind === 'reply' && JSON.stringify(a.reply).includes('+switch-master'));
    const opens = after.slice(switchAt).filter((a) => a.kind === 'link-open' && a.port === c.master.addr.port);
    expect(opens.map((a) => (a.kind === 'link-open' ? a.mode : '')).sort()).toEqual(['cmd', 'pubsub']);
  });
});
