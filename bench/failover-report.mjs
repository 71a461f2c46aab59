// Prints what bench/failover.sh measured: one line per run as it ends, then per scenario a table
// of medians (min-max) per implementation, the ratio vigil/redis-sentinel, the goals of issue 4,
// spurious second failovers and lost acknowledged writes. Times are ms from the fault instant.

/** The rows of the summary table, in the order the failover goes through them. */
const ROWS = [
  ['sdown', '+sdown of the old master (first sentinel)'],
  ['odown', '+odown (first sentinel)'],
  ['tryFailover', '+try-failover'],
  ['elected', '+elected-leader'],
  ['promoted', '+promoted-slave'],
  ['named', 'a sentinel names the new master (GET-MASTER-ADDR)'],
  ['firstAck', 'first acknowledged write on the new master'],
  ['reconfDone', '+slave-reconf-done (last)'],
  ['failoverEnd', '+failover-end'],
  ['firstSwitch', '+switch-master, first sentinel'],
  ['lastSwitch', '+switch-master, every sentinel (last)'],
];

/** Issue 4's goals for vigil (medians, ms from the fault) and redis-sentinel's figures there. */
export const GOALS = {
  kill: [
    { key: 'firstAck', limitMs: 1_250, text: 'first acknowledged write on the new master', issueRs: 2_180 },
    { key: 'lastSwitch', limitMs: 1_500, text: "every sentinel's +switch-master", issueRs: 3_290 },
  ],
  stop: [{ key: 'lastSwitch', limitMs: 1_500, text: "SIGSTOP: every sentinel's +switch-master", issueRs: 2_850 }],
};

export const SCENARIO_TEXT = { kill: 'kill -9 of the master', stop: 'SIGSTOP of the master' };

export function median(values) {
  const s = values.filter((v) => v !== null && v !== undefined).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : Math.round((s[mid - 1] + s[mid]) / 2);
}

const fmt = (v) => (v === null || v === undefined ? '-' : String(v));

export function runLine(index, total, r) {
  const head = `[${String(index).padStart(String(total).length)}/${total}] ${r.scenario.padEnd(4)} ${r.impl.padEnd(14)}`;
  if (!r.ok) return `${head} FAILED: ${r.error}${r.kept ? `\n    kept ${r.dir} (configs and logs)` : ''}`;
  const p = r.phases;
  const w = r.writes;
  return `${head} sdown ${fmt(p.sdown)} odown ${fmt(p.odown)} elected ${fmt(p.elected)} promoted ${fmt(p.promoted)} ` +
    `first-ack ${fmt(p.firstAck)} switch ${r.switchPerSentinel.join('/')} | leader s${fmt(r.leader)} -> ${r.newAddr} | ` +
    `writes ${w.acked}/${w.sent} acked, ${w.lost} lost | extra failovers ${r.extraFailovers}` +
    (r.newMasterSdowns > 0 ? ` (new master +sdown x${r.newMasterSdowns})` : '') +
    (Object.keys(r.aborts ?? {}).length > 0 ? ` | aborted: ${Object.entries(r.aborts).map(([k, n]) => `${k} x${n}`).join(', ')}` : '') +
    (r.oldMasterUnsdowns > 0 ? ` | old master -sdown x${r.oldMasterUnsdowns} before the switch` : '');
}

function cell(runs, key) {
  const values = runs.map((r) => r.phases[key]).filter((v) => v !== null);
  if (values.length === 0) return { med: null, text: '-' };
  const med = median(values);
  return { med, text: `${med} (${Math.min(...values)}-${Math.max(...values)})` };
}

export function summary(results, impls, scenarios) {
  const out = [];
  for (const scenario of scenarios) {
    const by = Object.fromEntries(impls.map((impl) => [impl, results.filter((r) => r.scenario === scenario && r.impl === impl)]));
    const okBy = Object.fromEntries(impls.map((impl) => [impl, by[impl].filter((r) => r.ok)]));
    out.push('', `== ${SCENARIO_TEXT[scenario]}: medians (min-max) in ms from the fault, ${impls.map((i) => `${i} ${okBy[i].length} run(s)`).join(', ')}`);
    const header = ['metric'.padEnd(52), ...impls.map((i) => i.padStart(20))];
    const both = impls.length === 2;
    if (both) header.push('vigil/redis-sentinel'.padStart(22));
    out.push(header.join(' '));
    for (const [key, label] of ROWS) {
      const cells = impls.map((i) => cell(okBy[i], key));
      const row = [label.padEnd(52), ...cells.map((c) => c.text.padStart(20))];
      if (both) {
        const [v, rs] = impls[0] === 'vigil' ? cells : [cells[1], cells[0]];
        row.push((v.med !== null && rs.med ? `${(v.med / rs.med).toFixed(2)}x` : '-').padStart(22));
      }
      out.push(row.join(' '));
    }
    for (const impl of impls) {
      const runs = by[impl];
      const ok = okBy[impl];
      const failed = runs.length - ok.length;
      const spurious = ok.filter((r) => r.extraFailovers > 0).length;
      const extra = ok.reduce((n, r) => n + r.extraFailovers, 0);
      const newSdown = ok.filter((r) => r.newMasterSdowns > 0).length;
      const lost = ok.reduce((n, r) => n + r.writes.lost, 0);
      const lostBefore = ok.reduce((n, r) => n + r.writes.lostBeforeFault, 0);
      const acked = ok.reduce((n, r) => n + r.writes.acked, 0);
      const noAck = ok.filter((r) => r.phases.firstAck === null).length;
      const abortRuns = {};
      for (const r of ok) for (const kind of Object.keys(r.aborts ?? {})) abortRuns[kind] = (abortRuns[kind] ?? 0) + 1;
      const aborted = Object.entries(abortRuns).map(([kind, n]) => `${kind} in ${n} run(s)`).join(', ') || 'none';
      const flaps = ok.filter((r) => r.oldMasterUnsdowns > 0).length;
      const leaders = ok.map((r) => (r.leader === null ? '?' : `s${r.leader}`)).join(' ');
      out.push(`${impl}: ${ok.length}/${runs.length} runs completed${failed > 0 ? ` (${failed} FAILED)` : ''}; ` +
        `extra failovers ${extra} in ${spurious} run(s); new master flagged +sdown after the switch in ${newSdown} run(s); ` +
        `acknowledged writes lost ${lost} of ${acked}${lost > 0 ? ` (${lostBefore} acknowledged before the fault)` : ''}` +
        `${noAck > 0 ? `; ${noAck} run(s) with no acknowledged write on the new master` : ''}; ` +
        `failover aborts: ${aborted}; old master -sdown before the switch in ${flaps} run(s); ` +
        `leaders: ${leaders || '-'}`);
    }
    for (const goal of GOALS[scenario]) {
      const parts = impls.map((impl) => {
        const med = median(okBy[impl].map((r) => r.phases[goal.key]));
        if (impl !== 'vigil') return `${impl} ${fmt(med)} ms (issue: ~${goal.issueRs})`;
        return `vigil ${fmt(med)} ms: ${med === null ? 'no data' : med <= goal.limitMs ? 'met' : 'NOT met'}`;
      });
      out.push(`goal: ${goal.text} <= ${goal.limitMs} ms (vigil median): ${parts.join('; ')}`);
    }
  }
  return out.join('\n');
}
