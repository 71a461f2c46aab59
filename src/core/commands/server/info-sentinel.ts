/**
 * INFO's Sentinel section: counters, then one `masterN` line per monitored master in table
 * order. `status` is odown, else sdown, else ok; `slaves` counts every known replica (also the
 * unannounced ones); `sentinels` counts the known peers plus this sentinel.
 */
import { announcedHost } from '../../events.js';
import type { CommandContext } from '../types.js';

export function sentinelSection(ctx: CommandContext): string[] {
  const { state } = ctx.env;
  const tiltSince = state.tilt ? Math.max(0, Math.floor((ctx.now.mono - state.tiltStartTime) / 1000)) : -1;
  const lines = [
    `sentinel_masters:${state.masters.size}`,
    `sentinel_tilt:${state.tilt ? 1 : 0}`,
    `sentinel_tilt_since_seconds:${tiltSince}`,
    `sentinel_running_scripts:${state.scripts.filter((s) => s.running).length}`,
    `sentinel_scripts_queue_length:${state.scripts.length}`,
    `sentinel_simulate_failure_flags:${state.simFailureFlags}`,
  ];
  let n = 0;
  for (const m of state.masters.values()) {
    const status = m.oDown ? 'odown' : m.sDown ? 'sdown' : 'ok';
    const address = `${announcedHost(state, m.addr)}:${m.addr.port}`;
    lines.push(`master${n++}:name=${m.name},status=${status},address=${address},slaves=${m.replicas.size},sentinels=${m.sentinels.size + 1}`);
  }
  return lines;
}
