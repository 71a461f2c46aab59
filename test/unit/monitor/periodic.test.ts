import { describe, expect, it } from 'vitest';
import { err } from '../../../src/resp/values.js';
import { pingPeriodOf } from '../../../src/core/monitor/periodic.js';
import { dataNode, masterInfo, MYID, replicaInfo, Rig, RUN_A, RUN_B } from './rig.js';

/** A rig with master m at 6379 (and, if asked, replica 6380) answering like healthy Redis. */
function healthy(withReplica = false): Rig {
  const rig = new Rig();
  rig.monitor('m', 6379);
  rig.node(6379, dataNode(() => masterInfo(RUN_A, withReplica ? ['127.0.0.1:6380'] : [])));
  rig.node(6380, dataNode(() => replicaInfo(RUN_B, '127.0.0.1', 6379)));
  rig.start();
  return rig;
}

/** Runs `ms` and returns the times of the commands named `name` sent to `port`, relative to the start of the run. */
function timesOf(rig: Rig, ms: number, port: number, name: string): number[] {
  const out: number[] = [];
  const t0 = rig.mono;
  for (let t = 0; t < ms; t += 100) {
    const before = rig.sent.length;
    rig.pump(rig.tick());
    for (const s of rig.sent.slice(before)) {
      if (s.link.port === port && s.link.mode === 'cmd' && s.argv[0] === name) out.push(rig.mono - t0);
    }
  }
  return out;
}

describe('periodic commands', () => {
  it('polls a master with INFO every 10 s', () => {
    const rig = healthy();
    expect(timesOf(rig, 25_000, 6379, 'INFO')).toEqual([100, 10_200, 20_300]);
  });

  it('PINGs about once a second while PONGs come back', () => {
    const rig = healthy();
    const pings = timesOf(rig, 5000, 6379, 'PING');
    expect(pings[0]).toBe(100); // the PING of the handshake
    const gaps = pings.slice(1).map((t, i) => t - pings[i]!);
    expect(gaps.every((g) => g >= 1000 && g <= 1100)).toBe(true);
  });

  it('PINGs every half period while replies are missing; a master period is down-after / 4 when below 1 s', () => {
    const rig = healthy();
    rig.state.masters.get('m')!.downAfterMs = 2000; // P = 500 ms
    rig.run(1000);
    let answering = true;
    rig.node(6379, (argv, mode) => (answering || mode === 'pubsub' ? dataNode(() => masterInfo(RUN_A))(argv, mode) : null));
    answering = false;
    const pings = timesOf(rig, 3000, 6379, 'PING');
    const gaps = pings.slice(1).map((t, i) => t - pings[i]!);
    expect(gaps.every((g) => g === 300)).toBe(true); // > 250 ms (P/2) on a 100 ms tick
  });

  it('PINGs a healthy master with down-after 1000 every ~250 ms (at least 100 ms apart)', () => {
    const rig = healthy();
    rig.state.masters.get('m')!.downAfterMs = 1000; // P = 250 ms
    rig.run(1000);
    const pings = timesOf(rig, 3000, 6379, 'PING');
    const gaps = pings.slice(1).map((t, i) => t - pings[i]!);
    expect(gaps.length).toBeGreaterThan(8);
    expect(gaps.every((g) => g === 300)).toBe(true); // last reply > 250 ms old, on a 100 ms tick
    expect(pingPeriodOf(rig.state.masters.get('m')!, 1000)).toBe(250);
    rig.state.masters.get('m')!.downAfterMs = 200;
    expect(pingPeriodOf(rig.state.masters.get('m')!, 1000)).toBe(100);
  });

  it('sends the first hello 2 s after the master is created, then every ~2 s once acknowledged', () => {
    const rig = healthy();
    const hellos = timesOf(rig, 7000, 6379, 'PUBLISH');
    expect(hellos).toEqual([2100, 4200, 6300]);
  });

  it('re-sends an unacknowledged hello on every tick', () => {
    const rig = healthy();
    rig.run(1000);
    rig.node(6379, (argv, mode) =>
      argv[0] === 'PUBLISH' ? err('NOPERM no permissions') : dataNode(() => masterInfo(RUN_A))(argv, mode),
    );
    const hellos = timesOf(rig, 1500, 6379, 'PUBLISH');
    expect(hellos).toEqual([1100, 1200, 1300, 1400, 1500]);
  });

  it('writes the 8-field hello with the local address of the command link', () => {
    const rig = healthy();
    rig.state.currentEpoch = 4;
    rig.state.masters.get('m')!.configEpoch = 3;
    rig.run(2200);
    const hello = rig.sent.find((s) => s.argv[0] === 'PUBLISH')!;
    expect(hello.argv).toEqual(['PUBLISH', '__sentinel__:hello', `127.0.0.1,26379,${MYID},4,m,127.0.0.1,6379,3`]);
  });

  it('announces announce-ip and announce-port instead', () => {
    const rig = healthy();
    Object.assign(rig.state.settings, { announceIp: '203.0.113.9', announcePort: 5000 });
    rig.run(2200);
    expect(rig.sent.find((s) => s.argv[0] === 'PUBLISH')!.argv[2]).toBe(`203.0.113.9,5000,${MYID},0,m,127.0.0.1,6379,0`);
  });

  it('announces tls-port when tls-replication is on', () => {
    const rig = new Rig({ server: { port: 26379, otherOptions: new Map([['tls-replication', 'yes'], ['tls-port', '26390']]) } });
    rig.monitor('m', 6379);
    rig.node(6379, dataNode(() => masterInfo(RUN_A)));
    rig.start();
    rig.run(2200);
    expect(rig.sent.find((s) => s.argv[0] === 'PUBLISH')!.argv[2]!.split(',')[1]).toBe('26390');
  });

  it('publishes hellos to replicas too, naming their master', () => {
    const rig = healthy(true);
    rig.run(2500);
    const toReplica = rig.sent.find((s) => s.link.port === 6380 && s.argv[0] === 'PUBLISH')!;
    expect(toReplica.argv[2]).toBe(`127.0.0.1,26379,${MYID},0,m,127.0.0.1,6379,0`);
  });

  it('polls a replica every second while its master link is down', () => {
    const rig = healthy(true);
    rig.node(6380, dataNode(() => replicaInfo(RUN_B, '127.0.0.1', 6379, ['master_link_down_since_seconds:3'])));
    rig.run(500);
    const infos = timesOf(rig, 3500, 6380, 'INFO');
    expect(infos.length).toBeGreaterThanOrEqual(3);
    expect(rig.state.masters.get('m')!.replicas.get('127.0.0.1:6380')!.masterLinkDownTimeMs).toBe(3000);
  });

  it('follows SENTINEL DEBUG info-period', () => {
    const rig = healthy();
    rig.command('sentinel', 'debug', 'info-period', '2000');
    expect(timesOf(rig, 5000, 6379, 'INFO')).toEqual([100, 2200, 4300]);
  });
});
