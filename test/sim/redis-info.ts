/**
 * INFO of a simulated Redis 7.0.15 data node: the server, clients and replication sections,
 * with the fields (names, order, formats) `genRedisInfoString` writes and Sentinel parses:
 * run_id, role, master_host/port, master_link_status, master_link_down_since_seconds (only
 * while the link is not connected; -1 if it never was), slave_priority, slave_repl_offset,
 * replica_announced, connected_slaves and the `slaveN:ip=..,port=..,state=..,offset=..,lag=..`
 * lines. Lines end with CRLF, sections are separated by an empty line.
 */

export interface InfoFacts {
  readonly runId: string;
  readonly port: number;
  readonly uptimeSec: number;
  readonly connectedClients: number;
  readonly role: 'master' | 'slave';
  readonly masterHost: string | null;
  readonly masterPort: number;
  readonly linkUp: boolean;
  readonly lastIoSecondsAgo: number;
  /** Seconds since the link went down, -1 if it never was up. */
  readonly linkDownSinceSec: number;
  readonly priority: number;
  readonly readOnly: boolean;
  readonly announced: boolean;
  readonly replicas: readonly { ip: string; port: number; offset: number; lagSec: number }[];
  readonly replid: string;
  readonly replid2: string;
  readonly offset: number;
  readonly secondOffset: number;
}

export function renderInfo(facts: InfoFacts, section: string): string {
  const sections: string[] = [];
  const all = section === '' || section === 'default' || section === 'all' || section === 'everything';
  if (all || section === 'server') sections.push(server(facts));
  if (all || section === 'clients') sections.push(`# Clients\r\nconnected_clients:${facts.connectedClients}\r\n`);
  if (all || section === 'replication') sections.push(replication(facts));
  return sections.join('\r\n');
}

function server(f: InfoFacts): string {
  return (
    '# Server\r\n' +
    'redis_version:7.0.15\r\n' +
    'redis_mode:standalone\r\n' +
    'os:Linux sim\r\n' +
    `run_id:${f.runId}\r\n` +
    `tcp_port:${f.port}\r\n` +
    `uptime_in_seconds:${f.uptimeSec}\r\n` +
    'hz:10\r\n'
  );
}

function replication(f: InfoFacts): string {
  let out = '# Replication\r\n';
  if (f.role === 'master') {
    out += 'role:master\r\n';
  } else {
    out +=
      'role:slave\r\n' +
      `master_host:${f.masterHost ?? ''}\r\n` +
      `master_port:${f.masterPort}\r\n` +
      `master_link_status:${f.linkUp ? 'up' : 'down'}\r\n` +
      `master_last_io_seconds_ago:${f.linkUp ? f.lastIoSecondsAgo : -1}\r\n` +
      'master_sync_in_progress:0\r\n' +
      `slave_read_repl_offset:${f.offset}\r\n` +
      `slave_repl_offset:${f.offset}\r\n`;
    if (!f.linkUp) out += `master_link_down_since_seconds:${f.linkDownSinceSec}\r\n`;
    out += `slave_priority:${f.priority}\r\n` + `slave_read_only:${f.readOnly ? 1 : 0}\r\n` + `replica_announced:${f.announced ? 1 : 0}\r\n`;
  }
  out += `connected_slaves:${f.replicas.length}\r\n`;
  f.replicas.forEach((r, i) => {
    out += `slave${i}:ip=${r.ip},port=${r.port},state=online,offset=${r.offset},lag=${r.lagSec}\r\n`;
  });
  out +=
    'master_failover_state:no-failover\r\n' +
    `master_replid:${f.replid}\r\n` +
    `master_replid2:${f.replid2}\r\n` +
    `master_repl_offset:${f.offset}\r\n` +
    `second_repl_offset:${f.secondOffset}\r\n` +
    'repl_backlog_active:1\r\n' +
    'repl_backlog_size:1048576\r\n' +
    'repl_backlog_first_byte_offset:1\r\n' +
    `repl_backlog_histlen:${f.offset}\r\n`;
  return out;
}
