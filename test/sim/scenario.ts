/**
 * Scenario stories: a tiny line format, run on a Cluster, whose golden output is the trace.
 * A file is the story, then a line `--- events`, then the expected trace (written by the
 * runner with UPDATE_GOLDEN=1, read by a human before it is accepted). One step per line;
 * `#` starts a comment. Steps:
 *   seed <n>                                  (first, default 1)
 *   net delay=<ms> [jitter=<ms>] [connect-timeout=<ms>]
 *   start redis <name> [replicaof=<node>] [priority=<n>] [announced=no] [writes=<bytes/s>]
 *                      [loading=<ms>] [serve-stale=no] [requirepass=<pw>] [masterauth=<pw>]
 *   start sentinel <name> monitor=<node> quorum=<n> [name=<master>] [down-after=<ms>]
 *                      [failover-timeout=<ms>] [hostnames=yes] [conf="<sentinel.conf line>"]...
 *   run <ms> | at <t>                        (advance the world by ms / to absolute time t)
 *   kill <node> | restart <node> [empty] | pause <node> <ms>   (empty: a data node without its volume)
 *   partition <a..> | <b..> [for <ms>]       (two-way) ; partition <a..> -> <b..> [for <ms>] (one-way)
 *   heal | break <a> <b> | latency <a> -> <b> <ms> [for <ms>]
 *   priority <node> <n>                      (CONFIG SET replica-priority)
 *   clock <node> wall|mono <+/-ms> | clock <node> drift <rate>
 *   busy <node> on|off | persist-fail <sentinel> on|off
 *   command <node> <argv...> [; <argv...>]   (one connection; replies go into the trace as `cli reply`)
 *   expect <node> <event-type> [payload prefix...]    (seen in the trace so far)
 *   expect-not <node> <event-type> [payload prefix...]
 *   expect-count <n> <node> <event-type> [payload prefix...]
 */
import { splitArgs } from '../../src/resp/split-args.js';
import { Cluster, type SentinelOptions } from './cluster.js';
import { formatLine, type TraceLine } from './trace.js';
import { DEFAULT_CHECKERS, type CheckerFactory } from './checkers.js';

export const EVENTS_MARKER = '--- events';

export interface ScenarioFile {
  readonly story: string;
  readonly golden: string | null;
}

export interface ScenarioResult {
  readonly trace: string;
  readonly failures: readonly string[];
  readonly cluster: Cluster;
}

export function splitScenario(text: string): ScenarioFile {
  const at = text.indexOf(`\n${EVENTS_MARKER}\n`);
  if (at < 0) return { story: text.endsWith('\n') ? text : text + '\n', golden: null };
  return { story: text.slice(0, at + 1), golden: text.slice(at + EVENTS_MARKER.length + 2) };
}

export function joinScenario(story: string, trace: string): string {
  return `${story}${EVENTS_MARKER}\n${trace}`;
}

interface Step {
  readonly lineNumber: number;
  readonly args: string[];
}

function parse(story: string): { seed: number; steps: Step[] } {
  const steps: Step[] = [];
  let seed = 1;
  story.split('\n').forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    const args = splitArgs(line);
    if (args === null) throw new Error(`line ${i + 1}: unbalanced quotes`);
    if (args[0] === 'seed') {
      if (steps.length > 0) throw new Error(`line ${i + 1}: seed must come first`);
      seed = intArg(args[1], i + 1);
      return;
    }
    steps.push({ lineNumber: i + 1, args });
  });
  return { seed, steps };
}

export function runScenario(story: string, checkers: readonly CheckerFactory[] = DEFAULT_CHECKERS): ScenarioResult {
  const { seed, steps } = parse(story);
  const cluster = new Cluster(seed);
  for (const checker of checkers) cluster.world.addChecker(checker(cluster));
  const failures: string[] = [];
  for (const step of steps) {
    try {
      runStep(cluster, step.args, failures);
    } catch (e) {
      throw new Error(`line ${step.lineNumber} (${step.args.join(' ')}), seed ${seed}: ${(e as Error).message}`, { cause: e });
    }
  }
  return { trace: cluster.trace.render(), failures, cluster };
}

function runStep(c: Cluster, args: string[], failures: string[]): void {
  const [verb, ...rest] = args as [string, ...string[]];
  const opts = options(rest);
  switch (verb) {
    case 'net':
      if (opts.has('delay')) c.ctx.net.delayMs = intArg(opts.get('delay'));
      if (opts.has('jitter')) c.ctx.net.jitterMs = intArg(opts.get('jitter'));
      if (opts.has('connect-timeout')) c.ctx.net.connectTimeoutMs = intArg(opts.get('connect-timeout'));
      return;
    case 'start':
      return rest[0] === 'redis' ? startRedis(c, rest[1]!, opts) : startSentinel(c, rest, opts);
    case 'run':
      return c.world.runFor(intArg(rest[0]));
    case 'at':
      return c.world.runUntil(intArg(rest[0]));
    case 'kill':
      return c.kill(rest[0]!);
    case 'restart':
      return c.restart(rest[0]!, rest[1] === 'empty');
    case 'pause':
      return c.pause(rest[0]!, intArg(rest[1]));
    case 'partition':
      return partition(c, rest);
    case 'heal':
      return c.heal();
    case 'break':
      return c.breakLinks(rest[0]!, rest[1]!);
    case 'latency':
      if (rest[1] !== '->') throw new Error('latency <a> -> <b> <ms> [for <ms>]');
      return c.latency(rest[0]!, rest[2]!, intArg(rest[3]), rest[4] === 'for' ? intArg(rest[5]) : null);
    case 'priority':
      return c.priority(rest[0]!, intArg(rest[1]));
    case 'clock':
      return c.clock(rest[0]!, oneOf(rest[1], ['wall', 'mono', 'drift'] as const), Number(rest[2]));
    case 'busy':
      c.note('busy', `${rest[0]!} ${rest[1]!}`);
      c.redisNode(rest[0]!).busy = rest[1] === 'on';
      return;
    case 'persist-fail': {
      const host = c.sentinels.get(rest[0]!);
      if (host === undefined) throw new Error(`not a sentinel: ${rest[0]!}`);
      c.note('persist-fail', `${rest[0]!} ${rest[1]!}`);
      host.persistFails = rest[1] === 'on';
      return;
    }
    case 'command':
      return c.command(rest[0]!, splitOn(rest.slice(1), ';'));
    case 'expect':
    case 'expect-not':
    case 'expect-count':
      return expect(c, verb, rest, failures);
    default:
      throw new Error(`unknown step '${verb}'`);
  }
}

function startRedis(c: Cluster, name: string, o: Map<string, string>): void {
  c.startRedis(name, {
    ...(o.has('replicaof') ? { replicaOfNode: o.get('replicaof')! } : {}),
    ...(o.has('priority') ? { priority: intArg(o.get('priority')) } : {}),
    ...(o.has('announced') ? { announced: o.get('announced') !== 'no' } : {}),
    ...(o.has('writes') ? { writeBytesPerSec: intArg(o.get('writes')) } : {}),
    ...(o.has('loading') ? { loadingMs: intArg(o.get('loading')) } : {}),
    ...(o.has('serve-stale') ? { serveStale: o.get('serve-stale') !== 'no' } : {}),
    ...(o.has('requirepass') ? { requirepass: o.get('requirepass')! } : {}),
    ...(o.has('masterauth') ? { masterauth: o.get('masterauth')! } : {}),
  });
}

function startSentinel(c: Cluster, rest: string[], o: Map<string, string>): void {
  const monitor = o.get('monitor');
  if (monitor === undefined) throw new Error('a sentinel needs monitor=<node>');
  const options: SentinelOptions = {
    monitor,
    masterName: o.get('name') ?? 'mymaster',
    quorum: intArg(o.get('quorum')),
    downAfterMs: o.has('down-after') ? intArg(o.get('down-after')) : null,
    failoverTimeoutMs: o.has('failover-timeout') ? intArg(o.get('failover-timeout')) : null,
    extraLines: rest.filter((a) => a.startsWith('conf=')).map((a) => a.slice('conf='.length)),
    byHostname: o.get('hostnames') === 'yes',
  };
  c.startSentinel(rest[1]!, options);
}

function partition(c: Cluster, rest: string[]): void {
  const forAt = rest.indexOf('for');
  const forMs = forAt < 0 ? null : intArg(rest[forAt + 1]);
  const sides = forAt < 0 ? rest : rest.slice(0, forAt);
  const sep = sides.findIndex((a) => a === '|' || a === '->');
  if (sep <= 0 || sep === sides.length - 1) throw new Error('partition <a..> | <b..> or <a..> -> <b..>');
  c.partition(sides.slice(0, sep), sides.slice(sep + 1), sides[sep] === '|', forMs);
}

function expect(c: Cluster, verb: string, rest: string[], failures: string[]): void {
  const count = verb === 'expect-count' ? intArg(rest.shift()) : null;
  const [node, type, ...prefixWords] = rest as [string, string, ...string[]];
  const prefix = prefixWords.join(' ');
  const matches = c.trace.lines.filter((l: TraceLine) => l.node === node && l.type === type && l.payload.startsWith(prefix));
  const what = `${node} ${type}${prefix === '' ? '' : ' ' + prefix}`;
  const where = `t=${c.world.now} seed ${c.seed}`;
  if (verb === 'expect' && matches.length === 0) failures.push(`${where}: expected '${what}', never seen`);
  if (verb === 'expect-not' && matches.length > 0) failures.push(`${where}: did not expect '${what}': ${formatLine(matches[0]!)}`);
  if (count !== null && matches.length !== count) failures.push(`${where}: expected ${count} × '${what}', saw ${matches.length}`);
}

function splitOn(args: readonly string[], separator: string): string[][] {
  const out: string[][] = [[]];
  for (const a of args) {
    if (a === separator) out.push([]);
    else out[out.length - 1]!.push(a);
  }
  return out.filter((argv) => argv.length > 0);
}

function options(args: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq > 0 && a.slice(0, eq) !== 'conf') out.set(a.slice(0, eq), a.slice(eq + 1));
  }
  return out;
}

function intArg(text: string | undefined, lineNumber?: number): number {
  const n = Number(text);
  if (text === undefined || !Number.isSafeInteger(n)) throw new Error(`${lineNumber === undefined ? '' : `line ${lineNumber}: `}not an integer: ${text}`);
  return n;
}

function oneOf<T extends string>(text: string | undefined, values: readonly T[]): T {
  if (!values.includes(text as T)) throw new Error(`expected one of ${values.join('|')}, got ${text}`);
  return text as T;
}
