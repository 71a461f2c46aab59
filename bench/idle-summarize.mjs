// Reads bench/idle.sh's raw results (tab-separated: masters, impl, rep, cpu %, RSS kB median,
// RSS kB max) and prints Markdown tables: per setup the median RSS and CPU of vigil and
// redis-sentinel with the ratio and vigil's goal, then the RSS per extra master,
// (RSS(N) - RSS(1)) / (N - 1) from the medians. Exit code 0 whatever the figures: it
// reports, the reader judges. Plain Node, no dependencies.
//
//   node bench/idle-summarize.mjs results.tsv
import fs from 'node:fs';

const GOALS = { rss1Mb: 64, cpu1Pct: 1, perMasterKb: 50 };
const rows = fs
  .readFileSync(process.argv[2], 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => {
    const [masters, impl, rep, cpu, rssMed, rssMax] = l.split('\t');
    return { masters: Number(masters), impl, rep: Number(rep), cpu: Number(cpu), rss: Number(rssMed), rssMax: Number(rssMax) };
  });

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const setups = [...new Set(rows.map((r) => r.masters))].sort((a, b) => a - b);
const of = (masters, impl, field) => rows.filter((r) => r.masters === masters && r.impl === impl).map((r) => r[field]);
const med = (masters, impl, field) => median(of(masters, impl, field));
const mb = (kb) => (kb / 1024).toFixed(1);
const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
const verdict = (ok) => (ok ? 'met' : 'NOT met');

console.log('| masters | metric | vigil (median) | redis-sentinel (median) | vigil / redis-sentinel | vigil goal |');
console.log('| ---: | --- | ---: | ---: | ---: | --- |');
for (const m of setups) {
  const n = of(m, 'vigil', 'rss').length;
  const rssV = med(m, 'vigil', 'rss');
  const rssR = med(m, 'redis-sentinel', 'rss');
  const cpuV = med(m, 'vigil', 'cpu');
  const cpuR = med(m, 'redis-sentinel', 'cpu');
  const rssGoal = m === 1 ? `<= ${GOALS.rss1Mb} MiB: ${verdict(rssV / 1024 <= GOALS.rss1Mb)}` : '';
  const cpuGoal = m === 1 ? `<= ${GOALS.cpu1Pct}%: ${verdict(cpuV <= GOALS.cpu1Pct)}` : '';
  console.log(`| ${m} | RSS (MiB), n=${n} | ${mb(rssV)} | ${mb(rssR)} | ${ratio(rssV, rssR)} | ${rssGoal} |`);
  console.log(`| ${m} | RSS max seen (MiB) | ${mb(Math.max(...of(m, 'vigil', 'rssMax')))} | ${mb(Math.max(...of(m, 'redis-sentinel', 'rssMax')))} | | |`);
  console.log(`| ${m} | CPU (% of a core), n=${n} | ${cpuV.toFixed(3)} | ${cpuR.toFixed(3)} | ${ratio(cpuV, cpuR)} | ${cpuGoal} |`);
}
if (setups.length >= 2) {
  const lo = setups[0];
  const hi = setups[setups.length - 1];
  const per = (impl) => (med(hi, impl, 'rss') - med(lo, impl, 'rss')) / (hi - lo);
  const cpuPer = (impl) => (med(hi, impl, 'cpu') - med(lo, impl, 'cpu')) / (hi - lo);
  const v = per('vigil');
  const r = per('redis-sentinel');
  console.log('');
  console.log(`| per extra master | vigil | redis-sentinel | vigil / redis-sentinel | vigil goal |`);
  console.log('| --- | ---: | ---: | ---: | --- |');
  console.log(`| RSS (kB), (RSS${hi} - RSS${lo}) / ${hi - lo} | ${v.toFixed(1)} | ${r.toFixed(1)} | ${ratio(v, r)} | <= ${GOALS.perMasterKb} kB: ${verdict(v <= GOALS.perMasterKb)} |`);
  console.log(`| CPU (% of a core) | ${cpuPer('vigil').toFixed(4)} | ${cpuPer('redis-sentinel').toFixed(4)} | ${ratio(cpuPer('vigil'), cpuPer('redis-sentinel'))} | |`);
}
