/**
 * The text a sentinel flush writes: the old file with every option vigil knows rewritten in
 * place (or appended), the way redis-sentinel 7.0.15 rewrites its config, with Redis 7.2's fix
 * for legacy `known-slave` lines. Pure: the caller reads the old file and writes the result
 * atomically (atomic-write.ts).
 */
import type { ServerConfig } from '../core/server-config.js';
import type { SentinelState } from '../core/state.js';
import { RewriteState } from './rewrite-state.js';
import { rewriteSentinelOptions } from './sentinel-rewrite.js';
import { rewriteServerOptions } from './server-rewrite.js';

export function rewriteConfig(oldText: string, state: SentinelState, server: ServerConfig): string {
  const rs = new RewriteState(oldText);
  rewriteServerOptions(rs, server);
  rewriteSentinelOptions(rs, state);
  return rs.content();
}
