/**
 * The generic half of a sentinel flush: every standard option written the way CONFIG REWRITE
 * does (in place if the file has it, appended when it differs from Redis's default), then the
 * `user` lines. In sentinel mode that means `port`, `protected-mode no`, `dir`,
 * `latency-tracking-info-percentiles` and `user default ...` always appear, and `save` lines
 * are dropped. Redis appends in hash-table order, which changes per run; vigil uses table order.
 */
import type { ServerConfig } from '../core/server-config.js';
import { DEFAULT_OUTPUT_BUFFER_LIMITS, type OutputBufferClass } from '../core/server-config.js';
import { quoteRepr } from '../resp/split-args.js';
import { describeUsers } from './acl-users.js';
import { formatMemory, formatTrimmedDouble } from './numbers.js';
import { OPTION_TABLE, type SpecialSpec } from './option-table.js';
import { canonicalDefault, renderValue } from './option-values.js';
import type { RewriteState } from './rewrite-state.js';
import { getOption } from './server-model.js';
import { DEFAULT_OOM_SCORE_ADJ_VALUES } from './special-options.js';

export function rewriteServerOptions(rs: RewriteState, server: ServerConfig): void {
  for (const spec of OPTION_TABLE) {
    if (spec.kind === 'special') {
      rewriteSpecial(rs, server, spec);
      continue;
    }
    const value = getOption(server, spec.name);
    if (value === null) {
      rs.markProcessed(spec.name);
      continue;
    }
    rs.rewriteLine(spec.name, `${spec.name} ${renderValue(spec, value)}`, value !== canonicalDefault(spec));
  }
  rewriteUsers(rs, server);
  rs.markProcessed('loadmodule');
  // vigil's own directive; redis-sentinel would reject it, so it is written only when needed.
  rs.rewriteLine('log-format', `log-format ${server.logFormat}`, server.logFormat !== 'json');
}

function rewriteSpecial(rs: RewriteState, server: ServerConfig, spec: SpecialSpec): void {
  const name = spec.name;
  switch (name) {
    case 'dir':
      // Redis writes getcwd(); without a known directory vigil leaves `dir` lines as they are.
      if (server.dir !== '') rs.rewriteLine(name, `dir ${quoteRepr(server.dir)}`, true);
      return;
    case 'save':
      rs.markProcessed(name); // a sentinel saves no data
      return;
    case 'client-output-buffer-limit':
      return rewriteOutputBufferLimits(rs, server);
    case 'oom-score-adj-values': {
      const v = getOptionOr(server, name, DEFAULT_OOM_SCORE_ADJ_VALUES);
      rs.rewriteLine(name, `${name} ${v}`, v !== DEFAULT_OOM_SCORE_ADJ_VALUES);
      return;
    }
    case 'notify-keyspace-events': {
      const v = getOptionOr(server, name, '');
      rs.rewriteLine(name, `${name} ${quoteRepr(v)}`, v !== '');
      return;
    }
    case 'bind':
      if (server.bind.length === 0) rs.markProcessed(name);
      else rs.rewriteLine(name, `bind ${server.bind.join(' ')}`, true);
      return;
    case 'replicaof': {
      const v = server.otherOptions.get(name);
      if (v === undefined) rs.markProcessed(name);
      else rs.rewriteLine(name, `${name} ${v}`, true);
      return;
    }
    case 'latency-tracking-info-percentiles': {
      const list = server.latencyTrackingInfoPercentiles;
      const args = list.length === 0 ? '""' : list.map(formatTrimmedDouble).join(' ');
      rs.rewriteLine(name, `${name} ${args}`, true);
      return;
    }
  }
}

function getOptionOr(server: ServerConfig, name: string, fallback: string): string {
  return server.otherOptions.get(name) ?? fallback;
}

const CLASS_ORDER: readonly OutputBufferClass[] = ['normal', 'replica', 'pubsub'];

function rewriteOutputBufferLimits(rs: RewriteState, server: ServerConfig): void {
  const limits = { ...server.outputBufferLimits };
  limits.pubsub = { ...limits.pubsub, hardBytes: server.pubsubOutputHardLimit };
  for (const cls of CLASS_ORDER) {
    const l = limits[cls];
    const d = DEFAULT_OUTPUT_BUFFER_LIMITS[cls];
    const force = l.hardBytes !== d.hardBytes || l.softBytes !== d.softBytes || l.softSeconds !== d.softSeconds;
    const line = `client-output-buffer-limit ${cls} ${formatMemory(BigInt(l.hardBytes))} ${formatMemory(BigInt(l.softBytes))} ${l.softSeconds}`;
    rs.rewriteLine('client-output-buffer-limit', line, force);
  }
}

/** With an ACL file the users live there, so Redis drops every `user` line from the config. */
function rewriteUsers(rs: RewriteState, server: ServerConfig): void {
  if (server.aclfile === null || server.aclfile === '') {
    const allChannelsByDefault = getOption(server, 'acl-pubsub-default') === 'allchannels';
    for (const line of describeUsers(server.users, server.requirepass, { allChannelsByDefault })) rs.rewriteLine('user', line, true);
  }
  rs.markProcessed('user');
}
