import { describe, expect, it } from 'vitest';
import { arr, bulk, int } from '../../../src/resp/values.js';
import { clientReply, dataNode, masterInfo, MYID, PEER_1, PEER_2, replicaInfo, Rig, RUN_A, RUN_B } from './rig.js';

interface HelloFields {
  ip?: string;
  port?: number;
  runid?: string;
  epoch?: number;
  master?: string;
  masterIp?: string;
  masterPort?: number;
  configEpoch?: number;
}

function hello(fields: HelloFields = {}): string {
  return [
    fields.ip ?? '127.0.0.1',
    fields.port ?? 26380,
    fields.runid ?? PEER_1,
    fields.epoch ?? 0,
    fields.master ?? 'm',
    fields.masterIp ?? '127.0.0.1',
    fields.masterPort ?? 6379,
    fields.configEpoch ?? 0,
  ].join(',');
}

function rigWithMaster(): Rig {
  const rig = new Rig();
  rig.monitor('m', 6379);
  rig.start();
  rig.events.length = 0;
  return rig;
}

describe('hellos received through PUBLISH', () => {
  it('answers :1 and adds an unknown peer with +sentinel and a config flush', () => {
    const rig = rigWithMaster();
    const ready = rig.command('publish', '__sentinel__:hello', hello());
    expect(clientReply(ready)).toEqual(int(1));
    expect(ready.persist).not.toBeNull();
    expect(rig.events).toEqual([['+sentinel', `sentinel ${PEER_1} 127.0.0.1 26380 @ m 127.0.0.1 6379`]]);
    const peer = rig.state.masters.get('m')!.sentinels.get(PEER_1)!;
    expect(peer.lastHelloTime).toBe(rig.mono);
  });

  it('only refreshes the last-hello time of a known peer', () => {
    const rig = rigWithMaster();
    rig.command('publish', '__sentinel__:hello', hello());
    rig.tick(500);
    const ready = rig.command('publish', '__sentinel__:hello', hello());
    expect(ready.persist).toBeNull();
    expect(rig.events).toHaveLength(1);
    expect(rig.state.masters.get('m')!.sentinels.get(PEER_1)!.lastHelloTime).toBe(rig.mono);
  });

  it.each([
    ['seven fields', '127.0.0.1,26380,' + PEER_1 + ',0,m,127.0.0.1,6379'],
    ['an unknown master', hello({ master: 'other' })],
    ['a hostname without resolve-hostnames', hello({ ip: 'peer.example' })],
  ])('ignores a hello with %s', (_label, payload) => {
    const rig = rigWithMaster();
    rig.command('publish', '__sentinel__:hello', payload);
    expect(rig.state.masters.get('m')!.sentinels.size).toBe(0);
    expect(rig.events).toEqual([]);
  });

  it('adopts a higher current epoch: flush and +new-epoch', () => {
    const rig = rigWithMaster();
    rig.command('publish', '__sentinel__:hello', hello());
    const ready = rig.command('publish', '__sentinel__:hello', hello({ epoch: 7 }));
    expect(rig.state.currentEpoch).toBe(7);
    expect(ready.persist).not.toBeNull();
    expect(rig.events.at(-1)).toEqual(['+new-epoch', '7']);
  });

  it('adopts a higher config epoch for the same address without a flush', () => {
    const rig = rigWithMaster();
    rig.command('publish', '__sentinel__:hello', hello());
    const ready = rig.command('publish', '__sentinel__:hello', hello({ configEpoch: 3 }));
    expect(rig.state.masters.get('m')!.configEpoch).toBe(3);
    expect(ready.persist).toBeNull();
  });

  it('switches to the advertised master when its config epoch is newer, re-adding the old one as a replica', () => {
    const rig = rigWithMaster();
    const m = rig.state.masters.get('m')!;
    rig.node(6379, dataNode(() => masterInfo(RUN_A, ['127.0.0.1:6380', '127.0.0.1:6381'])));
    rig.node(6380, dataNode(() => masterInfo(RUN_A)));
    rig.node(6381, dataNode(() => masterInfo(RUN_A)));
    rig.run(300);
    rig.command('publish', '__sentinel__:hello', hello());
    rig.events.length = 0;
    const ready = rig.command('publish', '__sentinel__:hello', hello({ epoch: 1, masterPort: 6380, configEpoch: 1 }));
    expect(rig.events).toEqual([
      ['+new-epoch', '1'],
      ['+config-update-from', `sentinel ${PEER_1} 127.0.0.1 26380 @ m 127.0.0.1 6379`],
      ['+switch-master', 'm 127.0.0.1 6379 127.0.0.1 6380'],
      ['+slave', 'slave 127.0.0.1:6381 127.0.0.1 6381 @ m 127.0.0.1 6380'],
      ['+slave', 'slave 127.0.0.1:6379 127.0.0.1 6379 @ m 127.0.0.1 6380'],
    ]);
    expect(m.addr).toEqual({ host: '127.0.0.1', ip: '127.0.0.1', port: 6380 });
    expect(m.configEpoch).toBe(1);
    expect(m.sentinels.has(PEER_1)).toBe(true);
    expect(ready.persist).not.toBeNull();
    // Every connection (master and both replicas) is closed; the old master is now a replica.
    expect(ready.actions.filter((a) => a.kind === 'link-close')).toHaveLength(6);
  });

  describe('an equal config epoch naming another address (vigil only: monitor/equal-epoch.ts)', () => {
    /** Master 6379 with replica 6380, config epoch 3; then 6379 follows 6380 and 6380 reports `newRole`. */
    function splitRig(oldMasterFollows: boolean, newRole: 'master' | 'slave'): Rig {
      const rig = rigWithMaster();
      let moved = false;
      rig.node(6379, dataNode(() => (moved && oldMasterFollows ? replicaInfo(RUN_A, '127.0.0.1', 6380) : masterInfo(RUN_A, ['127.0.0.1:6380']))));
      rig.node(6380, dataNode(() => (moved && newRole === 'master' ? masterInfo(RUN_B) : replicaInfo(RUN_B, '127.0.0.1', 6379))));
      rig.run(300);
      rig.state.masters.get('m')!.configEpoch = 3;
      moved = true;
      rig.run(11_000); // the next INFO of both (10 s period)
      rig.command('publish', '__sentinel__:hello', hello({ epoch: 3, configEpoch: 3 }));
      rig.events.length = 0;
      return rig;
    }

    it('is adopted when our master now replicates from that address and it reports role master', () => {
      const rig = splitRig(true, 'master');
      rig.command('publish', '__sentinel__:hello', hello({ epoch: 3, masterPort: 6380, configEpoch: 3 }));
      expect(rig.events.slice(0, 2)).toEqual([
        ['+config-update-from', `sentinel ${PEER_1} 127.0.0.1 26380 @ m 127.0.0.1 6379`],
        ['+switch-master', 'm 127.0.0.1 6379 127.0.0.1 6380'],
      ]);
      expect(rig.state.masters.get('m')!.addr.port).toBe(6380);
      expect(rig.state.masters.get('m')!.configEpoch).toBe(3);
    });

    it('is ignored while our master still reports role master (as 7.0.15 always ignores it)', () => {
      const rig = splitRig(false, 'master');
      rig.command('publish', '__sentinel__:hello', hello({ epoch: 3, masterPort: 6380, configEpoch: 3 }));
      expect(rig.events.filter(([t]) => t === '+switch-master')).toEqual([]);
      expect(rig.state.masters.get('m')!.addr.port).toBe(6379);
    });

    it('is ignored when the advertised node is not a master by our INFO (a replication cycle)', () => {
      const rig = splitRig(true, 'slave');
      rig.command('publish', '__sentinel__:hello', hello({ epoch: 3, masterPort: 6380, configEpoch: 3 }));
      expect(rig.events.filter(([t]) => t === '+switch-master')).toEqual([]);
    });
  });

  it('moves a known run id to its new address with +sentinel-address-switch', () => {
    const rig = rigWithMaster();
    rig.command('publish', '__sentinel__:hello', hello());
    const ready = rig.command('publish', '__sentinel__:hello', hello({ port: 26390 }));
    expect(rig.events.at(-1)).toEqual(['+sentinel-address-switch', `master m 127.0.0.1 6379 ip 127.0.0.1 port 26390 for ${PEER_1}`]);
    expect(rig.state.masters.get('m')!.sentinels.get(PEER_1)!.addr.port).toBe(26390);
    expect(ready.persist).not.toBeNull();
  });

  it('updates the other masters\' copies of a moved peer (+sentinel-address-update)', () => {
    const rig = new Rig();
    rig.monitor('m', 6379);
    rig.monitor('n', 6479);
    rig.start();
    rig.command('publish', '__sentinel__:hello', hello());
    rig.command('publish', '__sentinel__:hello', hello({ master: 'n', masterPort: 6479 }));
    rig.command('publish', '__sentinel__:hello', hello({ port: 26390 }));
    expect(rig.events.at(-1)).toEqual(['+sentinel-address-update', `sentinel ${PEER_1} 127.0.0.1 26390 @ m 127.0.0.1 6379 1 additional matching instances`]);
    expect(rig.state.masters.get('n')!.sentinels.get(PEER_1)!.addr.port).toBe(26390);
  });

  it('forgets, under every master, a peer whose address another run id now claims (+sentinel-invalid-addr)', () => {
    const rig = new Rig();
    rig.monitor('m', 6379);
    rig.monitor('n', 6479);
    rig.start();
    rig.command('publish', '__sentinel__:hello', hello());
    rig.command('publish', '__sentinel__:hello', hello({ master: 'n', masterPort: 6479 }));
    rig.events.length = 0;
    rig.command('publish', '__sentinel__:hello', hello({ runid: PEER_2 }));
    // As 7.0.15 does (observed): no +sentinel-address-update, the old run id is gone everywhere.
    expect(rig.events).toEqual([
      ['+sentinel-invalid-addr', `sentinel ${PEER_1} 127.0.0.1 26380 @ m 127.0.0.1 6379`],
      ['+sentinel', `sentinel ${PEER_2} 127.0.0.1 26380 @ m 127.0.0.1 6379`],
    ]);
    expect([...rig.state.masters.get('m')!.sentinels.keys()]).toEqual([PEER_2]);
    expect(rig.state.masters.get('n')!.sentinels.size).toBe(0);
  });
});

describe('hellos received on pub/sub links', () => {
  function subscribed(): Rig {
    const rig = rigWithMaster();
    rig.tick();
    rig.up(2);
    return rig;
  }
  const message = (payload: string) => arr([bulk('message'), bulk('__sentinel__:hello'), bulk(payload)]);

  it('processes message frames', () => {
    const rig = subscribed();
    rig.frame(2, message(hello()));
    expect(rig.state.masters.get('m')!.sentinels.has(PEER_1)).toBe(true);
  });

  it('ignores our own hellos, which still count as activity', () => {
    const rig = subscribed();
    rig.tick(300);
    rig.frame(2, message(hello({ runid: MYID })));
    expect(rig.state.masters.get('m')!.sentinels.size).toBe(0);
    expect(rig.state.masters.get('m')!.link.wires!.pcLastActivity).toBe(rig.mono);
  });

  it('ignores subscribe confirmations and malformed frames', () => {
    const rig = subscribed();
    rig.frame(2, arr([bulk('subscribe'), bulk('__sentinel__:hello'), int(1)]));
    rig.frame(2, arr([bulk('message'), bulk('__sentinel__:hello')]));
    rig.frame(2, arr([bulk('message'), bulk('__sentinel__:hello'), int(5)]));
    expect(rig.state.masters.get('m')!.sentinels.size).toBe(0);
  });
});
