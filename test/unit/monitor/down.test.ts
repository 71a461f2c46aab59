import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/resp/values.js';
import { arr, bulk, err, int, simple } from '../../../src/resp/values.js';
import { type Answer, dataNode, masterInfo, MYID, PEER_1, PEER_2, replicaInfo, Rig, RUN_A, RUN_B } from './rig.js';

/** Master m (down-after 5 s) whose PING answer the test controls. */
function pinged(pingAnswer: () => Reply | null, quorum = 1): Rig {
  const rig = new Rig();
  const m = rig.monitor('m', 6379, quorum);
  m.downAfterMs = 5000;
  const healthy = dataNode(() => masterInfo(RUN_A));
  rig.node(6379, (argv, mode) => (mode === 'cmd' && argv[0] === 'PING' ? pingAnswer() : healthy(argv, mode)));
  rig.start();
  rig.events.length = 0;
  return rig;
}

const types = (rig: Rig): string[] => rig.events.map(([t]) => t);

describe('SDOWN', () => {
  it('marks an unreachable master +sdown down-after ms after its creation', () => {
    const rig = new Rig();
    rig.monitor('m', 6379, 1).downAfterMs = 5000;
    rig.start();
    rig.run(5000);
    expect(rig.events.filter(([t]) => t === '+sdown')).toEqual([]);
    rig.run(200);
    expect(rig.events).toContainEqual(['+sdown', 'master m 127.0.0.1 6379']);
  });

  it('goes +sdown when PINGs stop being answered, -sdown at the next valid reply', () => {
    let answer: Reply | null = simple('PONG');
    const rig = pinged(() => answer);
    rig.run(2000);
    answer = null;
    rig.run(5000);
    expect(types(rig)).not.toContain('+sdown');
    rig.run(1500);
    expect(types(rig)).toContain('+sdown');
    expect(rig.state.masters.get('m')!.sDown).toBe(true);
    answer = simple('PONG');
    rig.run(1500);
    expect(types(rig)).toContain('-sdown');
    expect(rig.state.masters.get('m')!.sDown).toBe(false);
  });

  it.each([
    ['-LOADING', err('LOADING Redis is loading the dataset in memory'), false],
    ['-MASTERDOWN', err('MASTERDOWN Link with MASTER is down'), false],
    ['-NOAUTH', err('NOAUTH Authentication required.'), true],
    ['a bulk PONG', bulk('PONG'), true],
    ['+OK', simple('OK'), true],
  ])('treats %s to PING as %s', (_label, reply, down) => {
    const rig = pinged(() => reply);
    rig.run(7000);
    expect(rig.state.masters.get('m')!.sDown).toBe(down);
  });

  it('counts any reply as "last ping reply" but only valid ones as "last ok ping reply"', () => {
    const rig = pinged(() => err('NOAUTH Authentication required.'));
    rig.run(3000);
    const link = rig.state.masters.get('m')!.link;
    expect(rig.mono - link.lastPongTime).toBeLessThan(1100);
    expect(link.actPingTime).not.toBe(0);
  });

  it('sends SCRIPT KILL once when a SDOWN instance answers BUSY', () => {
    const rig = pinged(() => err('BUSY Redis is busy running a script.'));
    rig.run(8000);
    const kills = rig.sent.filter((s) => s.argv.join(' ') === 'SCRIPT KILL');
    expect(kills).toHaveLength(1);
    expect(rig.state.masters.get('m')!.scriptKillSent).toBe(true);
  });

  it('rule 2: a master reporting role:slave goes SDOWN after down-after + 2 x info-period', () => {
    const rig = new Rig();
    rig.monitor('m', 6379, 1).downAfterMs = 5000;
    rig.node(6379, dataNode(() => replicaInfo(RUN_A, '10.0.0.9', 6379)));
    rig.start();
    rig.run(25_000);
    expect(rig.state.masters.get('m')!.sDown).toBe(false);
    rig.run(1000);
    expect(rig.state.masters.get('m')!.sDown).toBe(true);
  });

  it('rule 3: a rebooted master stays SDOWN until it answers PONG within master-reboot-down-after-period', () => {
    let runId = RUN_A;
    let loading = false;
    const rig = new Rig();
    const m = rig.monitor('m', 6379, 1);
    m.masterRebootDownAfterMs = 3000;
    const node = dataNode(() => masterInfo(runId));
    rig.node(6379, (argv, mode) => (loading && argv[0] === 'PING' ? err('LOADING loading') : node(argv, mode)));
    rig.start();
    rig.run(500);
    runId = RUN_B;
    loading = true;
    rig.run(10_000);
    expect(rig.events.map(([t]) => t)).toContain('+reboot');
    expect(m.masterReboot).toBe(true);
    rig.run(3500);
    expect(m.sDown).toBe(true);
    loading = false;
    rig.run(1500);
    expect(m.masterReboot).toBe(false);
    expect(m.sDown).toBe(false);
  });

  it('shows s_down and disconnected in the flags, and a healthy replica as exactly "slave"', () => {
    const rig = new Rig();
    rig.monitor('m', 6379, 1);
    rig.node(6379, dataNode(() => masterInfo(RUN_A, ['127.0.0.1:6380'])));
    rig.node(6380, dataNode(() => replicaInfo(RUN_B, '127.0.0.1', 6379)));
    rig.start();
    rig.run(2000);
    const replicas = rig.command('sentinel', 'replicas', 'm').actions.find((a) => a.kind === 'reply' && a.clientId === 1);
    const fields = replicas?.kind === 'reply' && replicas.reply.t === 'array' && replicas.reply.v[0]!.t === 'map' ? replicas.reply.v[0]!.v : [];
    const flags = fields.find(([k]) => k.t === 'bulk' && k.v === 'flags')![1];
    expect(flags).toEqual(bulk('slave'));
  });
});

describe('ODOWN and asking peers', () => {
  /** Master m (quorum 2, unreachable) and two peers whose is-master-down answers the test sets. */
  function withPeers(answers: Record<string, () => Reply | null>): Rig {
    const rig = new Rig();
    rig.monitor('m', 6379, 2).downAfterMs = 5000;
    rig.start();
    for (const [port, runid] of [[26380, PEER_1], [26381, PEER_2]] as const) {
      rig.command('publish', '__sentinel__:hello', `127.0.0.1,${port},${runid},0,m,127.0.0.1,6379,0`);
      const answer: Answer = (argv) =>
        argv[0] === 'PING' ? simple('PONG') : argv[0] === 'SENTINEL' ? (answers[runid] ?? (() => null))() : simple('OK');
      rig.node(port, answer);
    }
    rig.events.length = 0;
    return rig;
  }
  const down = () => arr([int(1), bulk('*'), int(0)]);
  const up = () => arr([int(0), bulk('*'), int(0)]);

  it('asks every connected peer once a second while the master is SDOWN, with * as run id', () => {
    const rig = withPeers({ [PEER_1]: up, [PEER_2]: up });
    rig.run(5000);
    expect(rig.sent.filter((s) => s.argv[0] === 'SENTINEL')).toEqual([]);
    rig.run(3000);
    const asks = rig.sent.filter((s) => s.argv[0] === 'SENTINEL');
    expect(asks[0]!.argv).toEqual(['SENTINEL', 'is-master-down-by-addr', '127.0.0.1', '6379', '0', '*']);
    expect(asks.filter((s) => s.link.port === 26380).length).toBeGreaterThanOrEqual(2);
    expect(asks.filter((s) => s.link.port === 26380).length).toBeLessThanOrEqual(3);
  });

  it('goes +odown with #quorum count/quorum once enough peers agree, -odown when they stop', () => {
    let peerSaysDown = true;
    const rig = withPeers({ [PEER_1]: () => (peerSaysDown ? down() : up()), [PEER_2]: up });
    rig.run(6500);
    expect(rig.events).toContainEqual(['+odown', 'master m 127.0.0.1 6379 #quorum 2/2']);
    const peer = rig.state.masters.get('m')!.sentinels.get(PEER_1)!;
    expect(peer.masterDown).toBe(true);
    peerSaysDown = false;
    rig.run(1500);
    expect(rig.events.at(-1)).toEqual(['-odown', 'master m 127.0.0.1 6379']);
    expect(rig.state.masters.get('m')!.oDown).toBe(false);
  });

  it('forgets a peer\'s opinion 5 x ask-period after its last valid answer, and asks again every tick', () => {
    let answering = true;
    const rig = withPeers({ [PEER_1]: () => (answering ? down() : null), [PEER_2]: () => (answering ? down() : null) });
    rig.run(6500);
    expect(rig.state.masters.get('m')!.oDown).toBe(true);
    answering = false;
    rig.run(1000);
    const before = rig.sent.length;
    rig.run(1000);
    expect(rig.sent.slice(before).filter((s) => s.argv[0] === 'SENTINEL' && s.link.port === 26380)).toHaveLength(10);
    rig.run(3500);
    expect(rig.state.masters.get('m')!.sentinels.get(PEER_1)!.masterDown).toBe(false);
    expect(rig.state.masters.get('m')!.oDown).toBe(false);
  });

  it.each([
    ['a simple string run id', arr([int(1), simple('*'), int(0)])],
    ['two elements', arr([int(1), bulk('*')])],
    ['an error', err('ERR unknown command')],
  ])('ignores an answer with %s', (_label, reply) => {
    const rig = withPeers({ [PEER_1]: () => reply, [PEER_2]: () => reply });
    rig.run(8000);
    expect(rig.state.masters.get('m')!.sentinels.get(PEER_1)!.masterDown).toBe(false);
    expect(rig.state.masters.get('m')!.oDown).toBe(false);
  });

  it('records the vote a peer reports, and logs it when the epoch changes', () => {
    const rig = withPeers({ [PEER_1]: () => arr([int(1), bulk(PEER_2), int(3)]) });
    rig.run(6500);
    const peer = rig.state.masters.get('m')!.sentinels.get(PEER_1)!;
    expect(peer).toMatchObject({ leader: PEER_2, leaderEpoch: 3 });
    expect(rig.log.filter((a) => a.kind === 'log' && a.text === `${PEER_1} voted for ${PEER_2} 3`)).toHaveLength(1);
  });

  it('asks with our run id while a failover of the master is in progress', () => {
    const rig = withPeers({ [PEER_1]: up, [PEER_2]: up });
    rig.run(6000);
    const m = rig.state.masters.get('m')!;
    m.failoverState = 'wait_start';
    m.failoverEpoch = 4;
    rig.state.currentEpoch = 4;
    let before = rig.sent.length;
    rig.run(1100);
    const ask = rig.sent.slice(before).find((s) => s.argv[0] === 'SENTINEL')!;
    expect(ask.argv.slice(4)).toEqual(['4', MYID]);
    // A newer attempt (someone else's) raised the current epoch: we still ask at our failover's.
    rig.state.currentEpoch = 5;
    before = rig.sent.length;
    rig.run(1100);
    const later = rig.sent.slice(before).find((s) => s.argv[0] === 'SENTINEL')!;
    expect(later.argv.slice(4)).toEqual(['4', MYID]);
  });

  it('answers peers from the live SDOWN state', () => {
    const rig = withPeers({});
    const ask = () => rig.command('sentinel', 'is-master-down-by-addr', '127.0.0.1', '6379', '0', '*');
    const replyOf = (ready: ReturnType<typeof ask>) => ready.actions.find((a) => a.kind === 'reply' && a.clientId === 1);
    expect(replyOf(ask())).toMatchObject({ reply: arr([int(0), bulk('*'), int(0)]) });
    rig.run(5200);
    expect(replyOf(ask())).toMatchObject({ reply: arr([int(1), bulk('*'), int(0)]) });
  });
});
