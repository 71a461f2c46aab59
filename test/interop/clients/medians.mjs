#!/usr/bin/env node
// Medians for docs/clients.md from saved outputs of failover-clients.test.ts:
//   for i in 1 2 3; do npx vitest run test/interop/clients/failover-clients.test.ts > run$i.log 2>&1; done
//   node test/interop/clients/medians.mjs run*.log
// Reads the `[clients-json]` lines (per client: ms from the last +switch-master to the first
// acknowledged write on the new master) and the failover-time lines, and prints markdown
// tables with the median and the range of each figure over the runs.
import fs from 'node:fs';

const figures = new Map(); // `${scenario}|${client}|${impl}` -> number[] (null = never)
const outage = new Map(); // same keys: ms from the fault to the first acknowledged write on the new master
const failovers = new Map(); // `${scenario}|${impl}` -> number[]
const lost = new Map(); // `${client}|${impl}` -> number[]

const push = (map, key, v) => map.set(key, [...(map.get(key) ?? []), v]);

for (const file of process.argv.slice(2)) {
  // Strip colour codes vitest adds around console output.
  const text = fs.readFileSync(file, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
  for (const m of text.matchAll(/\[clients-json\] (\{.*\})/g)) {
    const { impl, scenario, figures: fs_ } = JSON.parse(m[1]);
    for (const f of fs_) {
      push(figures, `${scenario}|${f.client}|${impl}`, f.ms ?? null);
      push(outage, `${scenario}|${f.client}|${impl}`, f.fromFault ?? null);
    }
  }
  for (const m of text.matchAll(/\[clients\] (\S+) kill -9: fault -> last \+switch-master (\d+) ms/g)) push(failovers, `kill -9 -> last +switch-master|${m[1]}`, Number(m[2]));
  for (const m of text.matchAll(/\[clients\] (\S+) SENTINEL FAILOVER: command -> last \+switch-master (\d+) ms; old master demoted (-?\d+) ms after it/g)) {
    push(failovers, `SENTINEL FAILOVER -> last +switch-master|${m[1]}`, Number(m[2]));
    push(failovers, `last +switch-master -> old master demoted|${m[1]}`, Number(m[3]));
  }
  for (const m of text.matchAll(/\[clients\] (\S+) (\S+): \d+ acknowledged writes, (\d+) missing/g)) push(lost, `${m[2]}|${m[1]}`, Number(m[3]));
}

const median = (xs) => {
  const v = xs.filter((x) => x !== null).sort((a, b) => a - b);
  if (v.length === 0) return 'never';
  const mid = Math.floor(v.length / 2);
  return String(v.length % 2 ? v[mid] : Math.round((v[mid - 1] + v[mid]) / 2));
};
const cell = (xs) => (xs === undefined ? '-' : `${median(xs)} (${xs.map((x) => x ?? 'never').join(', ')})`);

const impls = ['redis-sentinel', 'vigil'];
const table = (title, map) => {
  const rows = [...new Set([...map.keys()].map((k) => k.slice(0, k.lastIndexOf('|'))))];
  console.log(`\n${title}\n\n| | ${impls.join(' | ')} |\n|---|${impls.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${r.replace('|', ' / ')} | ${impls.map((i) => cell(map.get(`${r}|${i}`))).join(' | ')} |`);
};

table('Failover times, ms: median (each run)', failovers);
table('Last +switch-master -> first acknowledged write on the new master, ms: median (each run)', figures);
table('Fault (SIGKILL sent / SENTINEL FAILOVER answered) -> first acknowledged write on the new master, ms: median (each run)', outage);
table('Acknowledged writes missing from the final master: median (each run)', lost);
