/**
 * Reads an INFO reply the way Sentinel 7.0 does (sentinelRefreshInstanceInfo), into plain facts;
 * deciding what they mean is info-apply.ts's job. Line rules (CRLF-separated, prefix matches):
 *  1. `run_id:` followed by at least 40 characters: the first 40 are the run id;
 *  2. `slave<digit>...` lines list replicas: `ip=<ip>,port=<port>,...`, or the old
 *     `<ip>,<port>,<state>` form (which needs the comma after the port);
 *  3. `master_link_down_since_seconds:<n>` gives the replica's link-down time (n x 1000 ms);
 *  4. `role:master` / `role:slave`; the replication fields below are only read after a
 *     `role:slave` line: master_host, master_port, master_link_status (`up` or not),
 *     slave_priority, slave_repl_offset, replica_announced;
 *  5. `master_repl_offset:<n>` (any role; the hand-over of a manual failover reads it).
 * Numbers follow C's atoi/strtoll/strtoull: leading digits count, garbage is 0.
 */

export interface ReplicaLine {
  readonly host: string;
  readonly port: number;
}

export interface InfoFacts {
  runId: string | null;
  readonly replicas: ReplicaLine[];
  /** 0 unless the INFO has a master_link_down_since_seconds line. */
  masterLinkDownTimeMs: number;
  role: 'master' | 'slave' | 'none';
  masterHost: string | null;
  masterPort: number | null;
  masterLinkUp: boolean | null;
  priority: number | null;
  replOffset: number | null;
  replicaAnnounced: number | null;
  masterReplOffset: number | null;
}

export function parseInfo(text: string): InfoFacts {
  const facts: InfoFacts = {
    runId: null,
    replicas: [],
    masterLinkDownTimeMs: 0,
    role: 'none',
    masterHost: null,
    masterPort: null,
    masterLinkUp: null,
    priority: null,
    replOffset: null,
    replicaAnnounced: null,
    masterReplOffset: null,
  };
  // INFO arrives every 10 s from every master and replica and is ~100 lines, of which ~10 can
  // matter: only those are cut out as strings (no array of every line).
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\r\n', start);
    if (end < 0) end = text.length;
    if (mayMatter(text, start)) readLine(facts, text.slice(start, end));
    start = end + 2;
  }
  return facts;
}

/** Whether the line at `start` has a prefix any rule below reads (a cheap filter, not a parse). */
function mayMatter(text: string, start: number): boolean {
  return (
    text.startsWith('run_id:', start) ||
    text.startsWith('role:', start) ||
    text.startsWith('slave', start) ||
    text.startsWith('master_', start) ||
    text.startsWith('replica_announced:', start)
  );
}

function readLine(facts: InfoFacts, line: string): void {
  if (line.length >= 47 && line.startsWith('run_id:')) facts.runId = line.slice(7, 47);
  if (line.length >= 7 && line.startsWith('slave') && isDigit(line[5]!)) {
    const replica = parseReplicaLine(line);
    if (replica !== null) facts.replicas.push(replica);
  }
  if (line.length >= 32 && line.startsWith('master_link_down_since_seconds')) {
    facts.masterLinkDownTimeMs = cInteger(line.slice(31)) * 1000;
  }
  if (line.startsWith('master_repl_offset:')) facts.masterReplOffset = Math.max(0, cInteger(line.slice(19)));
  if (line.startsWith('role:master')) facts.role = 'master';
  else if (line.startsWith('role:slave')) facts.role = 'slave';
  if (facts.role === 'slave') readReplicationField(facts, line);
}

function readReplicationField(facts: InfoFacts, line: string): void {
  if (line.startsWith('master_host:')) facts.masterHost = line.slice(12);
  if (line.startsWith('master_port:')) facts.masterPort = cInt(line.slice(12));
  if (line.startsWith('master_link_status:')) facts.masterLinkUp = line.slice(19).toLowerCase() === 'up';
  if (line.startsWith('slave_priority:')) facts.priority = cInt(line.slice(15));
  if (line.startsWith('slave_repl_offset:')) facts.replOffset = Math.max(0, cInteger(line.slice(18)));
  if (line.startsWith('replica_announced:')) facts.replicaAnnounced = cInt(line.slice(18));
}

/** Rule 2: the replica's announced address, or null for a line Redis skips. */
export function parseReplicaLine(line: string): ReplicaLine | null {
  if (!line.includes('ip=')) {
    const colon = line.indexOf(':');
    if (colon < 0) return null;
    const fields = line.slice(colon + 1).split(',');
    // ip, port, and at least the comma that ends the port.
    if (fields.length < 3) return null;
    return { host: fields[0]!, port: cInt(fields[1]!) };
  }
  const ipAt = line.indexOf('ip=');
  const portAt = line.indexOf('port=');
  if (portAt < 0) return null;
  return { host: upToComma(line.slice(ipAt + 3)), port: cInt(upToComma(line.slice(portAt + 5))) };
}

function upToComma(text: string): string {
  const comma = text.indexOf(',');
  return comma < 0 ? text : text.slice(0, comma);
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

/** strtoll: optional spaces and sign, then digits; anything else is 0. */
export function cInteger(text: string): number {
  const match = /^\s*([+-]?\d+)/.exec(text);
  return match === null ? 0 : Number(match[1]);
}

/** atoi: strtoll truncated to a C int. */
export function cInt(text: string): number {
  return Math.max(-2147483648, Math.min(2147483647, cInteger(text)));
}
