/**
 * Optional process facts INFO can show beyond ProcessFacts: CPU times, network counters and
 * build details. The runtime may pass a ProcessFacts object that also carries these (and keep
 * the mutable parts up to date); anything absent reads as zero or Redis's neutral value, so
 * the pure core never asks the OS.
 */
import type { ProcessFacts } from '../../server-config.js';

/** Seconds of CPU, as getrusage reports them. */
export interface CpuTimes {
  readonly sys: number;
  readonly user: number;
  readonly sysChildren: number;
  readonly userChildren: number;
  readonly sysMainThread: number;
  readonly userMainThread: number;
}

/** Counters the network adapter keeps. */
export interface NetCounters {
  readonly inputBytes: number;
  readonly outputBytes: number;
  readonly readsProcessed: number;
  readonly writesProcessed: number;
  readonly instantaneousOpsPerSec: number;
  readonly instantaneousInputKbps: number;
  readonly instantaneousOutputKbps: number;
  readonly recentMaxInputBuffer: number;
  readonly recentMaxOutputBuffer: number;
}

export interface InfoFacts {
  readonly cpu?: CpuTimes;
  readonly net?: NetCounters;
  /** `multiplexing_api` (Node's libuv: epoll on Linux, kqueue on BSD/macOS). */
  readonly multiplexingApi?: string;
  readonly buildId?: string;
  readonly supervised?: string;
}

export type ProcessFactsWithInfo = ProcessFacts & InfoFacts;

/** The optional INFO facts carried by `process`, if the runtime supplied any (checked at run time). */
export function infoFactsOf(process: ProcessFacts): InfoFacts {
  const extra: Readonly<Record<string, unknown>> = { ...process };
  const text = (key: string): string | undefined => {
    const value = extra[key];
    return typeof value === 'string' ? value : undefined;
  };
  const facts: { -readonly [K in keyof InfoFacts]: InfoFacts[K] } = {};
  if (allNumbers(extra['cpu'], CPU_KEYS)) facts.cpu = extra['cpu'];
  if (allNumbers(extra['net'], NET_KEYS)) facts.net = extra['net'];
  const api = text('multiplexingApi');
  if (api !== undefined) facts.multiplexingApi = api;
  const build = text('buildId');
  if (build !== undefined) facts.buildId = build;
  const supervised = text('supervised');
  if (supervised !== undefined) facts.supervised = supervised;
  return facts;
}

const CPU_KEYS: readonly (keyof CpuTimes)[] = ['sys', 'user', 'sysChildren', 'userChildren', 'sysMainThread', 'userMainThread'];
const NET_KEYS: readonly (keyof NetCounters)[] = [
  'inputBytes', 'outputBytes', 'readsProcessed', 'writesProcessed', 'instantaneousOpsPerSec',
  'instantaneousInputKbps', 'instantaneousOutputKbps', 'recentMaxInputBuffer', 'recentMaxOutputBuffer',
];

function allNumbers<K extends string>(value: unknown, keys: readonly K[]): value is Record<K, number> {
  if (typeof value !== 'object' || value === null) return false;
  const record: Readonly<Record<string, unknown>> = { ...value };
  return keys.every((k) => typeof record[k] === 'number');
}
