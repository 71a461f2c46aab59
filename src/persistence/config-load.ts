/**
 * Reads a sentinel.conf (plus the command-line lines, appended after the file as redis-sentinel
 * does) into a ServerConfig and a SentinelState. Pure: the caller injects the clock reading,
 * the RNG for a generated myid, and answers about the host (executable scripts, resolved
 * hostnames, directories). Errors come back as data in Redis's exact words, with the order of
 * checks Redis has: each line in turn, the log file, the queued `sentinel` lines in three
 * passes, then the ACL checks Redis makes after loading.
 */
import { newSentinelState, type SentinelState } from '../core/state.js';
import type { Rng } from '../core/rng.js';
import { defaultServerConfig, type ServerConfig } from '../core/server-config.js';
import { splitArgs } from '../resp/split-args.js';
import { checkUsersAfterLoad } from './acl-users.js';
import type { ConfigError } from './config-error.js';
import { applySentinelLine, sentinelPass } from './sentinel-directives.js';
import { applyServerLine, SENTINEL_MODE_COMMANDS, type LineContext } from './server-directives.js';
import { isCommentOrBlank, splitConfigLines } from './text.js';
import { yesNo } from './option-values.js';
import { normalizeIpLiteral } from '../core/commands/sentinel/ip-literal.js';

export { formatFatalConfigError, type ConfigError } from './config-error.js';

export interface LoadEnv {
  readonly nowMono: number;
  /** Draws a new `sentinel myid` (40 hex chars) when the file has none. */
  readonly rng: Rng;
  isExecutable(path: string): boolean;
  /** hostname -> ip, resolved beforehand by the caller (see hostnamesToResolve). */
  readonly resolved: ReadonlyMap<string, string>;
  /** Command-line directives, one config line each, applied after the file. */
  readonly extraLines?: readonly string[];
  /** The process's working directory: what `dir` is until a `dir` line changes it. */
  readonly cwd?: string;
  /** Why chdir(path) would fail (strerror text) or null; absent: any directory is accepted. */
  dirError?(path: string): string | null;
  /** Why the log file can't be opened for append (strerror text) or null. */
  logfileError?(path: string): string | null;
  /** Reads a file named by `include`; absent: include lines are refused. */
  readInclude?(path: string): { readonly text: string } | { readonly error: string };
}

export type LoadOutcome =
  | { readonly ok: true; readonly server: ServerConfig; readonly state: SentinelState; readonly generatedMyid: boolean }
  | { readonly ok: false; readonly error: ConfigError };

interface QueuedLine {
  readonly args: string[];
  readonly lineNumber: number;
  readonly line: string;
}

const MAX_INCLUDE_DEPTH = 16;
const CONFIG_MIN_HZ = 1;
const CONFIG_MAX_HZ = 500;

export { newSentinelState };

/** The file followed by the command-line lines, as one text (Redis joins them with "\n"). */
function fullText(text: string, extraLines: readonly string[] | undefined): string {
  return extraLines === undefined ? text : `${text}\n${extraLines.join('\n')}`;
}

export function loadConfig(text: string, env: LoadEnv): LoadOutcome {
  const server = defaultServerConfig();
  if (env.cwd !== undefined) server.dir = env.cwd;
  const ctx: LineContext = {
    userNames: new Set(),
    commandNames: new Set(SENTINEL_MODE_COMMANDS),
    ...(env.dirError ? { dirError: env.dirError } : {}),
    ...(env.readInclude ? { readInclude: env.readInclude } : {}),
  };
  const queue: QueuedLine[] = [];
  const lineError = readLines(fullText(text, env.extraLines), server, ctx, queue, 0);
  if (lineError !== null) return { ok: false, error: lineError };
  server.hz = Math.min(CONFIG_MAX_HZ, Math.max(CONFIG_MIN_HZ, server.hz));

  const logError = server.logfile === '' ? null : (env.logfileError?.(server.logfile) ?? null);
  if (logError !== null) return failNoLine(`Can't open the log file: ${logError}`);

  const state = newSentinelState();
  state.probes = { isExecutable: (p) => env.isExecutable(p) };
  for (const pass of [1, 2, 3] as const) {
    for (const q of queue) {
      if (sentinelPass(q.args[0]!) !== pass) continue;
      const err = applySentinelLine(state, q.args, env);
      if (err !== null) return { ok: false, error: { lineNumber: q.lineNumber, line: q.line, message: err } };
    }
  }
  const generatedMyid = state.myid === '';
  if (generatedMyid) state.myid = env.rng.hex(40);

  const aclError = checkUsersAfterLoad(server.users, server.aclfile);
  if (aclError !== null) return failNoLine(aclError);
  return { ok: true, server, state, generatedMyid };
}

const failNoLine = (message: string): LoadOutcome => ({ ok: false, error: { lineNumber: 0, line: '', message } });

/** Parses every line of `text`, applying server lines now and queueing `sentinel` ones. */
function readLines(text: string, server: ServerConfig, ctx: LineContext, queue: QueuedLine[], depth: number): ConfigError | null {
  const lines = splitConfigLines(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (isCommentOrBlank(line)) continue;
    const fail = (message: string): ConfigError => ({ lineNumber: i + 1, line, message });
    const argv = splitArgs(line);
    if (argv === null) return fail('Unbalanced quotes in configuration line');
    if (argv.length === 0) continue;
    argv[0] = argv[0]!.toLowerCase();
    const result = applyServerLine(server, argv, ctx);
    if (result.kind === 'error') return fail(result.message);
    // A lone `sentinel` only selects sentinel mode on the command line; it carries nothing here.
    if (result.kind === 'sentinel' && argv.length > 1) queue.push({ args: argv.slice(1), lineNumber: i + 1, line });
    if (result.kind === 'include') {
      if (depth >= MAX_INCLUDE_DEPTH) return fail('Too many nested include directives');
      const nested = readLines(result.text, server, ctx, queue, depth + 1);
      if (nested !== null) return nested;
    }
  }
  return null;
}

/**
 * The hostnames the caller must resolve before loadConfig: the non-IP hosts of `monitor` and
 * `known-*` lines, but only when the file turns resolve-hostnames on (otherwise a hostname is
 * an error and nothing needs resolving).
 */
export function hostnamesToResolve(text: string, extraLines?: readonly string[]): string[] {
  let resolve = false;
  const hosts = new Set<string>();
  for (const line of splitConfigLines(fullText(text, extraLines))) {
    if (isCommentOrBlank(line)) continue;
    const argv = splitArgs(line);
    if (argv === null || argv.length < 3 || argv[0]!.toLowerCase() !== 'sentinel') continue;
    const sub = argv[1]!.toLowerCase();
    if (sub === 'resolve-hostnames' && argv.length === 3) resolve = yesNo(argv[2]!) ?? resolve;
    const hostArity = sub === 'monitor' ? 6 : sub === 'known-sentinel' ? 6 : sub === 'known-replica' || sub === 'known-slave' ? 5 : 0;
    if (argv.length === hostArity && normalizeIpLiteral(argv[3]!) === null) hosts.add(argv[3]!);
  }
  return resolve ? [...hosts] : [];
}
