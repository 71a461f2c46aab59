/**
 * The client-reconfig-script (§11.1): queued by the leader when the promotion is confirmed and
 * by an observer that adopts a new master address from a hello, never at the leader's final
 * switch nor on start-up. argv: `<script> <master> <leader|observer> start <from-ip>
 * <from-port> <to-ip> <to-port>`, addresses in announced form (hostnames with
 * announce-hostnames), as sentinelCallClientReconfScript builds it.
 */
import { announcedHost } from '../events.js';
import type { Address, MasterRecord, SentinelState } from '../state.js';
import { queueScript } from './queue.js';

export type ReconfigRole = 'leader' | 'observer';

export function maybeQueueClientReconfig(
  state: SentinelState,
  master: MasterRecord,
  role: ReconfigRole,
  from: Address,
  to: Address,
): void {
  if (master.clientReconfigScript === null) return;
  queueScript(state, [
    master.clientReconfigScript,
    master.name,
    role,
    'start',
    announcedHost(state, from),
    String(from.port),
    announcedHost(state, to),
    String(to.port),
  ]);
}
