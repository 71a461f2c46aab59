/**
 * Options of sentinel.conf that vigil accepts (so a redis-sentinel file loads and is rewritten
 * unchanged) but does not act on yet. Each one set gets a start-up warning naming what the
 * operator would otherwise silently miss. Today: TLS (vigil serves and connects in plain TCP).
 */
import type { ServerConfig } from './server-config.js';

export function unsupportedOptionWarnings(server: ServerConfig): string[] {
  const warnings: string[] = [];
  const tlsPort = Number(server.otherOptions.get('tls-port') ?? '0');
  if (tlsPort > 0) {
    warnings.push(`tls-port ${tlsPort} is set, but vigil does not serve TLS yet: nothing listens on it (plain connections are served on port ${server.port})`);
  }
  if (server.otherOptions.get('tls-replication') === 'yes') {
    warnings.push('tls-replication is set, but vigil does not connect over TLS yet: its links to Redis nodes and sentinels are plain TCP');
  }
  return warnings;
}
