// Reads bench/query.sh's raw results (tab-separated: impl, test, pipeline, rep, requests/s,
// server CPU microseconds per request) and prints, as Markdown tables, the median requests/s
// per implementation with the ratio vigil/redis-sentinel against the goal, then the median
// CPU cost per request (which a busy machine disturbs far less than throughput). Exit code 0 whatever the ratio: it reports, the
// reader judges. Plain Node, no dependencies.
import fs from 'node:fs';

const GOALS = { 1: 1.0, 16: 0.7 };
const file = process.argv[2];
const rows = fs
  .readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => {
    const [impl, test, pipeline, rep, rps, cpuUs] = l.split('\t');
    return { impl, test, pipeline: Number(pipeline), rep: Number(rep), rps: Number(rps), cpuUs: Number(cpuUs) };
  });

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const table = [];
const keys = [...new Set(rows.map((r) => `${r.test}\t${r.pipeline}`))];
const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log('| command | pipeline | vigil req/s (median) | redis-sentinel req/s (median) | vigil / redis-sentinel | goal |');
console.log('| --- | --- | ---: | ---: | ---: | --- |');
for (const key of keys) {
  const [test, pipelineText] = key.split('\t');
  const pipeline = Number(pipelineText);
  const of = (impl, field = 'rps') => rows.filter((r) => r.impl === impl && r.test === test && r.pipeline === pipeline).map((r) => r[field]);
  const ours = of('vigil');
  const theirs = of('redis-sentinel');
  table.push({ test, pipeline, ourCpu: median(of('vigil', 'cpuUs')), theirCpu: median(of('redis-sentinel', 'cpuUs')) });
  if (ours.length === 0 || theirs.length === 0) continue;
  const ratio = median(ours) / median(theirs);
  const goal = GOALS[pipeline] ?? null;
  const verdict = goal === null ? '' : `>= ${goal.toFixed(1)}x: ${ratio >= goal ? 'met' : 'NOT met'}`;
  const label = pipeline === 1 ? 'none' : `-P ${pipeline}`;
  console.log(`| ${test} | ${label} | ${fmt(median(ours))} (n=${ours.length}) | ${fmt(median(theirs))} (n=${theirs.length}) | ${ratio.toFixed(2)}x | ${verdict} |`);
}

console.log('');
console.log('| command | pipeline | vigil CPU µs/request | redis-sentinel CPU µs/request | vigil / redis-sentinel |');
console.log('| --- | --- | ---: | ---: | ---: |');
for (const row of table) {
  const label = row.pipeline === 1 ? 'none' : `-P ${row.pipeline}`;
  console.log(`| ${row.test} | ${label} | ${row.ourCpu.toFixed(2)} | ${row.theirCpu.toFixed(2)} | ${(row.ourCpu / row.theirCpu).toFixed(2)}x |`);
}
