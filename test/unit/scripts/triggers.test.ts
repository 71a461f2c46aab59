/**
 * What queues a script (§5.1, §11.1), through the whole core: WARNING events of a master with a
 * notification-script (its own, its replicas' and peers', and the prefix-less ones that belong
 * to it: +new-epoch, +vote-for-leader, +switch-master), and the client-reconfig-script as
 * `leader` when the promotion is confirmed and as `observer` on a switch learned from a hello.
 * The tick then starts queued jobs as `script-start` actions.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failoverSwitches } from '../../../src/core/failover/start.js';
import type { Action } from '../../../src/core/io.js';
import { failoverCluster, runUntil } from '../failover/cluster.js';
import { PEER_1, Rig } from '../monitor/rig.js';

const NOTIFY = '/opt/notify.sh';
const RECONF = '/opt/reconf.sh';

const argvs = (rig: Rig): string[][] => rig.state.scripts.map((j) => [...j.argv]);
const startsIn = (actions: readonly Action[]): (readonly string[])[] =>
  actions.flatMap((a) => (a.kind === 'script-start' ? [a.argv] : []));

function rigWithScript(): Rig {
  const rig = new Rig();
  const m = rig.monitor('m', 6379);
  m.notificationScript = NOTIFY;
  rig.start();
  return rig;
}

describe('notification-script', () => {
  it('gets +monitor at start-up and the master own WARNING events, then runs on the next tick', () => {
    const rig = rigWithScript();
    expect(argvs(rig)).toEqual([[NOTIFY, '+monitor', 'master m 127.0.0.1 6379 quorum 2']]);
    rig.command('sentinel', 'set', 'm', 'quorum', '3');
    expect(argvs(rig).at(-1)).toEqual([NOTIFY, '+set', 'master m 127.0.0.1 6379 quorum 3']);
    const ready = rig.tick();
    expect(startsIn(ready.actions)).toEqual([
      [NOTIFY, '+monitor', 'master m 127.0.0.1 6379 quorum 2'],
      [NOTIFY, '+set', 'master m 127.0.0.1 6379 quorum 3'],
    ]);
    expect(rig.state.scripts.every((j) => j.running && j.retryNum === 1)).toBe(true);
  });

  it('is not queued for NOTICE events (+sentinel) nor without a script', () => {
    const rig = rigWithScript();
    rig.state.scripts.length = 0;
    rig.command('publish', '__sentinel__:hello', `127.0.0.1,26380,${PEER_1},0,m,127.0.0.1,6379,0`);
    expect(argvs(rig)).toEqual([]);
    rig.state.masters.get('m')!.notificationScript = null;
    rig.command('sentinel', 'set', 'm', 'quorum', '3');
    expect(argvs(rig)).toEqual([]);
  });

  it('gets +new-epoch and +vote-for-leader of a vote (no `%@` prefix, but the master own them)', () => {
    const rig = rigWithScript();
    rig.state.scripts.length = 0;
    rig.command('sentinel', 'is-master-down-by-addr', '127.0.0.1', '6379', '5', PEER_1);
    expect(argvs(rig)).toEqual([
      [NOTIFY, '+new-epoch', '5'],
      [NOTIFY, '+vote-for-leader', `${PEER_1} 5`],
    ]);
  });

  it('gets +new-epoch, +config-update-from and +switch-master of a hello; client-reconfig runs as observer', () => {
    const rig = rigWithScript();
    const m = rig.state.masters.get('m')!;
    m.clientReconfigScript = RECONF;
    rig.command('publish', '__sentinel__:hello', `127.0.0.1,26380,${PEER_1},0,m,127.0.0.1,6379,0`);
    rig.state.scripts.length = 0;
    rig.command('publish', '__sentinel__:hello', `127.0.0.1,26380,${PEER_1},1,m,127.0.0.1,6380,1`);
    expect(argvs(rig)).toEqual([
      [NOTIFY, '+new-epoch', '1'],
      [NOTIFY, '+config-update-from', `sentinel ${PEER_1} 127.0.0.1 26380 @ m 127.0.0.1 6379`],
      [NOTIFY, '+switch-master', 'm 127.0.0.1 6379 127.0.0.1 6380'],
      [RECONF, 'm', 'observer', 'start', '127.0.0.1', '6379', '127.0.0.1', '6380'],
    ]);
  });
});

describe('client-reconfig-script of the leader', () => {
  const gateWas = failoverSwitches.automaticStart;
  beforeEach(() => {
    failoverSwitches.automaticStart = true;
  });
  afterEach(() => {
    failoverSwitches.automaticStart = gateWas;
  });

  it('is queued once when the promotion is confirmed, from the old master to the promoted replica', () => {
    const c = failoverCluster();
    c.master.clientReconfigScript = RECONF;
    c.rig.run(3000);
    c.nodes.get(6379)!.alive = false;
    expect(runUntil(c.rig, '+switch-master', 20_000)).toBe(true);
    c.rig.pump(c.rig.tick(100)); // queued scripts start on the timer
    const reconfig = c.rig.log.flatMap((a) => (a.kind === 'script-start' ? [a.argv] : []));
    expect(reconfig).toEqual([[RECONF, 'm', 'leader', 'start', '127.0.0.1', '6379', '127.0.0.1', '6380']]);
  });
});
