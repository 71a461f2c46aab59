/**
 * Properties of load and rewrite together: any state written into any earlier file loads back
 * as the same state, and rewriting reaches a fixed point (after the one trailing blank line
 * Redis's line splitting adds on the second pass).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultServerConfig, type ServerConfig } from '../../../src/core/server-config.js';
import { addressKey, newMaster, newPeer, newReplica, type SentinelState } from '../../../src/core/state.js';
import { describeUsers } from '../../../src/persistence/acl-users.js';
import { newSentinelState } from '../../../src/persistence/config-load.js';
import { rewriteConfig } from '../../../src/persistence/config-rewrite.js';
import { OPTION_TABLE } from '../../../src/persistence/option-table.js';
import { canonicalDefault } from '../../../src/persistence/option-values.js';
import { mustLoad, persistedView } from './helpers.js';

const byte = fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c));
const anyText = fc.string({ unit: byte, maxLength: 12 });
const someText = fc.string({ unit: byte, minLength: 1, maxLength: 12 });
const hex40 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 40, maxLength: 40 });
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const endpoint = fc.record({ ip: ipv4, port: fc.integer({ min: 0, max: 65535 }) });
const positive = fc.integer({ min: 1, max: 2147483647 });
const epoch = fc.integer({ min: 0, max: 2 ** 40 });
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null });

const masterArb = fc.record({
  name: someText,
  addr: endpoint,
  quorum: positive,
  downAfterMs: fc.oneof(fc.constant(30_000), positive),
  failoverTimeoutMs: fc.oneof(fc.constant(180_000), positive),
  parallelSyncs: fc.integer({ min: -2147483648, max: 2147483647 }),
  notificationScript: maybe(someText),
  clientReconfigScript: maybe(someText),
  authPass: maybe(anyText),
  authUser: maybe(anyText),
  masterRebootDownAfterMs: fc.nat(),
  configEpoch: epoch,
  leaderEpoch: epoch,
  renames: fc.uniqueArray(fc.tuple(anyText, anyText), { selector: ([from]) => from.toLowerCase(), maxLength: 3 }),
  replicas: fc.uniqueArray(endpoint, { selector: (e) => `${e.ip}:${e.port}`, maxLength: 4 }),
  sentinels: fc.uniqueArray(fc.tuple(hex40, endpoint), { selector: ([runid]) => runid, maxLength: 3 }),
});

const stateArb = fc.record({
  myid: hex40,
  extraEpoch: epoch,
  settings: fc.record({
    announceIp: maybe(someText),
    announcePort: fc.integer({ min: 0, max: 65535 }),
    denyScriptsReconfig: fc.boolean(),
    resolveHostnames: fc.boolean(),
    announceHostnames: fc.boolean(),
    sentinelUser: maybe(someText),
    sentinelPass: maybe(someText),
  }),
  masters: fc.uniqueArray(masterArb, { selector: (m) => m.name, maxLength: 4 }),
});

type GeneratedState = typeof stateArb extends fc.Arbitrary<infer T> ? T : never;

function buildState(g: GeneratedState): SentinelState {
  const state = newSentinelState();
  state.myid = g.myid;
  state.settings = { ...g.settings };
  for (const gm of g.masters) {
    const m = newMaster(gm.name, { host: gm.addr.ip, ip: gm.addr.ip, port: gm.addr.port }, gm.quorum, state.timing, 0);
    Object.assign(m, {
      downAfterMs: gm.downAfterMs,
      failoverTimeoutMs: gm.failoverTimeoutMs,
      parallelSyncs: gm.parallelSyncs,
      notificationScript: gm.notificationScript,
      clientReconfigScript: gm.clientReconfigScript,
      authPass: gm.authPass,
      authUser: gm.authUser,
      masterRebootDownAfterMs: gm.masterRebootDownAfterMs,
      configEpoch: gm.configEpoch,
      leaderEpoch: gm.leaderEpoch,
    });
    for (const [from, to] of gm.renames) m.renamedCommands.set(from.toLowerCase(), { from, to });
    for (const e of gm.replicas) {
      const r = newReplica(m, { host: e.ip, ip: e.ip, port: e.port }, 0);
      m.replicas.set(addressKey(r.addr), r);
    }
    for (const [runid, e] of gm.sentinels) m.sentinels.set(runid, newPeer(m, { host: e.ip, ip: e.ip, port: e.port }, runid, 0));
    state.masters.set(m.name, m);
  }
  // The current epoch is never below a master's config epoch (loading would raise it).
  state.currentEpoch = Math.max(g.extraEpoch, ...g.masters.map((m) => m.configEpoch));
  return state;
}

function server(): ServerConfig {
  return { ...defaultServerConfig(), dir: '/data' };
}

describe('sentinel state round trip', () => {
  it('loads back any state from its rewrite of an empty file', () => {
    fc.assert(
      fc.property(stateArb, (g) => {
        const state = buildState(g);
        const text = rewriteConfig('', state, server());
        expect(persistedView(mustLoad(text).state)).toEqual(persistedView(state));
      }),
    );
  });

  it('loads back any state written over the file of another state', () => {
    fc.assert(
      fc.property(stateArb, stateArb, (g1, g2) => {
        const old = rewriteConfig('', buildState(g1), server());
        const state = buildState(g2);
        expect(persistedView(mustLoad(rewriteConfig(old, state, server())).state)).toEqual(persistedView(state));
      }),
    );
  });

  it('reaches a fixed point: a third rewrite changes nothing, the second only adds a trailing blank line', () => {
    fc.assert(
      fc.property(stateArb, stateArb, (g1, g2) => {
        const base = rewriteConfig('', buildState(g1), server());
        const state = buildState(g2);
        const r1 = rewriteConfig(base, state, server());
        const r2 = rewriteConfig(r1, state, server());
        expect(r2 === r1 || r2 === `${r1}\n`).toBe(true);
        expect(rewriteConfig(r2, state, server())).toBe(r2);
      }),
    );
  });
});

/** Random valid values for the non-special standard options, in canonical form. */
const otherOptionArb = fc.constantFrom(...OPTION_TABLE.filter((s) => s.kind === 'bool' || s.kind === 'enum' || (s.kind === 'numeric' && s.flavor === 'integer'))).chain((spec) => {
  if (spec.kind === 'bool') return fc.constantFrom('yes', 'no').map((v) => [spec.name, v] as const);
  if (spec.kind === 'enum') return fc.constantFrom(...spec.values.filter((v) => spec.same?.[v] === undefined)).map((v) => [spec.name, v] as const);
  const s = spec as Extract<(typeof OPTION_TABLE)[number], { kind: 'numeric' }>;
  return fc.bigInt({ min: s.min, max: s.max < 2n ** 62n ? s.max : 2n ** 62n }).map((v) => [spec.name, v.toString()] as const);
});

const FIELD_NAMES = new Set(['port', 'maxclients', 'hz', 'loglevel', 'protected-mode', 'daemonize', 'enable-debug-command']);

const serverArb = fc.record({
  port: fc.integer({ min: 0, max: 65535 }),
  bind: fc.array(ipv4, { maxLength: 3 }),
  logfile: anyText,
  loglevel: fc.constantFrom('debug', 'verbose', 'notice', 'warning' as const),
  pidfile: anyText,
  protectedMode: fc.boolean(),
  requirepass: maybe(someText),
  maxclients: fc.integer({ min: 1, max: 100000 }),
  hz: fc.integer({ min: 1, max: 500 }),
  daemonize: fc.boolean(),
  clientQueryBufferLimit: fc.integer({ min: 1024 * 1024, max: 2 ** 40 }),
  pubsubHard: fc.nat(),
  percentiles: fc.array(fc.integer({ min: 0, max: 10000 }).map((n) => n / 100), { maxLength: 4 }),
  others: fc.uniqueArray(otherOptionArb, { selector: ([name]) => name, maxLength: 10 }),
  users: fc.uniqueArray(
    fc.record({ name: fc.stringMatching(/^[a-z]{1,6}$/), rules: fc.subarray(['on', '>pw', 'nopass', '~key*', '%R~r*', '&chan', 'allkeys', '+@all', '-@all', '+ping', 'resetchannels']) }),
    { selector: (u) => u.name, maxLength: 3 },
  ),
});

describe('server options round trip', () => {
  it('loads back the server options of any rewrite', () => {
    fc.assert(
      fc.property(serverArb, (g) => {
        const s = server();
        Object.assign(s, {
          port: g.port,
          bind: g.bind,
          logfile: g.logfile,
          loglevel: g.loglevel,
          pidfile: g.pidfile,
          protectedMode: g.protectedMode,
          requirepass: g.requirepass,
          maxclients: g.maxclients,
          hz: g.hz,
          daemonize: g.daemonize,
          clientQueryBufferLimit: g.clientQueryBufferLimit,
          pubsubOutputHardLimit: g.pubsubHard,
          latencyTrackingInfoPercentiles: g.percentiles,
          users: g.users.map((u) => ({ name: u.name, rules: [...u.rules] })),
        });
        for (const [name, value] of g.others) {
          if (FIELD_NAMES.has(name)) continue;
          const spec = OPTION_TABLE.find((o) => o.name === name)!;
          if (spec.kind !== 'special' && value !== canonicalDefault(spec)) s.otherOptions.set(name, value);
        }
        const state = newSentinelState();
        state.myid = 'f'.repeat(40);
        // Options at Redis's own default (port 6379, protected-mode yes) are only written where the
        // file already has them, so the file they came from has these lines.
        const base = 'port 26379\nprotected-mode no\n';
        const loaded = mustLoad(rewriteConfig(base, state, s)).server;
        const { users: _u1, outputBufferLimits: _o1, ...want } = s;
        const { users: _u2, outputBufferLimits: _o2, ...got } = loaded;
        expect(got).toEqual(want);
        expect(loaded.outputBufferLimits.pubsub.hardBytes).toBe(g.pubsubHard);
        // A `user default` line starts from `reset`, which sets sanitize-payload: Redis's default
        // user gains that flag on the first restart from a rewritten file, then stays the same.
        const ctx = { allChannelsByDefault: s.otherOptions.get('acl-pubsub-default') === 'allchannels' };
        const described = describeUsers(loaded.users, loaded.requirepass, ctx);
        const plain = (lines: string[]): string[] => lines.map((l) => l.replace(/^(user default .*?) sanitize-payload/, '$1'));
        expect(plain(described)).toEqual(plain(describeUsers(s.users, s.requirepass, ctx)));
        const again = mustLoad(rewriteConfig(base, state, loaded)).server;
        expect(describeUsers(again.users, again.requirepass, ctx)).toEqual(described);
      }),
    );
  });
});
