/**
 * The redis.conf options with their own syntax (dir, save, bind, replicaof,
 * client-output-buffer-limit, oom-score-adj-values, notify-keyspace-events,
 * latency-tracking-info-percentiles): their validation and error texts as in Redis 7.0.15, and
 * what they store. `save` is checked but not kept: a sentinel never writes it back.
 */
import type { OutputBufferClass, ServerConfig } from '../core/server-config.js';
import { memtoull, string2d } from './numbers.js';
import { setOption } from './server-model.js';

export interface SpecialEnv {
  /** Why chdir(path) would fail (strerror text), or null; absent: every directory is accepted. */
  dirError?(path: string): string | null;
}

type Apply = (server: ServerConfig, args: readonly string[], env: SpecialEnv) => string | null;

export const DEFAULT_BIND: readonly string[] = ['*', '-::*'];
export const DEFAULT_OOM_SCORE_ADJ_VALUES = '0 200 800';

/** strtoll(text, &end, 10) with nothing left over (an empty string reads as 0, as in C). */
function wholeInteger(text: string): number | null {
  if (text === '') return 0;
  return /^[ \t\n\v\f\r]*[+-]?\d+$/.test(text) ? Number(text.trim()) : null;
}

/** Joins and normalizes a path lexically, as a chdir from `base` would go. */
export function resolveDir(base: string, target: string): string {
  const absolute = target.startsWith('/') || base === '' ? target : `${base}/${target}`;
  const out: string[] = [];
  for (const part of absolute.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part !== '..' || !absolute.startsWith('/')) out.push(part);
  }
  const joined = out.join('/');
  return absolute.startsWith('/') ? `/${joined}` : joined === '' ? '.' : joined;
}

const applyDir: Apply = (server, args, env) => {
  const target = resolveDir(server.dir, args[0]!);
  const err = env.dirError?.(target) ?? null;
  if (err !== null) return err;
  server.dir = target;
  return null;
};

const applySave: Apply = (_server, args) => {
  const list = args.length === 1 && args[0] === '' ? [] : args;
  if (list.length % 2 !== 0) return 'Invalid save parameters';
  for (let i = 0; i < list.length; i++) {
    const v = wholeInteger(list[i]!);
    if (v === null || v < (i % 2 === 0 ? 1 : 0)) return 'Invalid save parameters';
  }
  return null;
};

const CLIENT_CLASSES: Readonly<Record<string, OutputBufferClass>> = { normal: 'normal', slave: 'replica', replica: 'replica', pubsub: 'pubsub' };

/** All classes are checked before any is applied, so one bad class rejects the whole line. */
const applyOutputBufferLimit: Apply = (server, args) => {
  if (args.length % 4 !== 0) return 'Wrong number of arguments in buffer limit configuration.';
  const updates: [OutputBufferClass, { hardBytes: number; softBytes: number; softSeconds: number }][] = [];
  for (let i = 0; i < args.length; i += 4) {
    const cls = CLIENT_CLASSES[args[i]!.toLowerCase()];
    if (cls === undefined) return 'Invalid client class specified in buffer limit configuration.';
    const hard = memtoull(args[i + 1]!);
    const soft = memtoull(args[i + 2]!);
    const secs = wholeInteger(args[i + 3]!);
    if (hard === null || soft === null || secs === null || secs < 0) {
      return 'Error in hard, soft or soft_seconds setting in buffer limit configuration.';
    }
    updates.push([cls, { hardBytes: Number(hard), softBytes: Number(soft), softSeconds: secs }]);
  }
  for (const [cls, limit] of updates) {
    server.outputBufferLimits = { ...server.outputBufferLimits, [cls]: limit };
    if (cls === 'pubsub') server.pubsubOutputHardLimit = limit.hardBytes;
  }
  return null;
};

const applyOomScoreAdjValues: Apply = (server, args) => {
  if (args.length !== 3) return 'wrong number of arguments';
  const values = args.map(wholeInteger);
  if (values.some((v) => v === null || v < -2000 || v > 2000)) {
    return 'Invalid oom-score-adj-values, elements must be between -2000 and 2000.';
  }
  setOption(server, 'oom-score-adj-values', values.join(' '));
  return null;
};

/** Keyspace event classes in the order Redis prints them; `A` stands for g$lshzxetd. */
const ALL_CLASSES = 'g$lshzxetd';

export function parseKeyspaceEvents(text: string): string | null {
  const set = new Set<string>();
  for (const c of text) {
    if (c === 'A') for (const a of ALL_CLASSES) set.add(a);
    else if ('g$lshzxeKEtmdn'.includes(c)) set.add(c);
    else return null;
  }
  const all = [...ALL_CLASSES].every((c) => set.has(c));
  const classes = all ? 'A' : [...ALL_CLASSES].filter((c) => set.has(c)).join('');
  return classes + [...'KEmn'].filter((c) => set.has(c)).join('');
}

const applyNotifyKeyspaceEvents: Apply = (server, args) => {
  const flags = parseKeyspaceEvents(args[0]!);
  if (flags === null) return "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
  setOption(server, 'notify-keyspace-events', flags === '' ? null : flags);
  return null;
};

/** `bind * -::*` is Redis's default; vigil keeps that as an empty list (all interfaces). */
const applyBind: Apply = (server, args) => {
  if (args.length > 16) return 'Too many bind addresses specified.';
  const list = args.length === 1 && args[0] === '' ? [] : [...args];
  const isDefault = list.length === DEFAULT_BIND.length && list.every((a, i) => a === DEFAULT_BIND[i]);
  server.bind = isDefault ? [] : list;
  return null;
};

const applyReplicaOf: Apply = (server, args) => {
  if (args.length !== 2) return 'wrong number of arguments';
  if (args[0]!.toLowerCase() === 'no' && args[1]!.toLowerCase() === 'one') {
    setOption(server, 'replicaof', null);
    return null;
  }
  const port = wholeInteger(args[1]!);
  if (port === null || port < 0 || port > 65535) return 'Invalid master port';
  setOption(server, 'replicaof', `${args[0]!} ${port}`);
  return null;
};

const applyLatencyPercentiles: Apply = (server, args) => {
  const list = args.length === 1 && args[0] === '' ? [] : args;
  const values: number[] = [];
  for (const arg of list) {
    const v = string2d(arg);
    if (v === null) return 'Invalid latency-tracking-info-percentiles parameters';
    if (v > 100 || v < 0) return 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]';
    values.push(v);
  }
  server.latencyTrackingInfoPercentiles = values;
  return null;
};

export const SPECIAL_APPLY: Readonly<Record<string, Apply>> = {
  dir: applyDir,
  save: applySave,
  'client-output-buffer-limit': applyOutputBufferLimit,
  'oom-score-adj-values': applyOomScoreAdjValues,
  'notify-keyspace-events': applyNotifyKeyspaceEvents,
  bind: applyBind,
  replicaof: applyReplicaOf,
  'latency-tracking-info-percentiles': applyLatencyPercentiles,
};
