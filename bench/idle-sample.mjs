// One measurement window of bench/idle.sh: for each `name=pid` argument, the CPU it used over
// the window (user+system of all its threads, from /proc/<pid>/stat, as % of one core) and its
// resident set (VmRSS from /proc/<pid>/status, sampled every second: median and max), printed
// as tab-separated rows `name  cpu_pct  rss_kb_median  rss_kb_max`. Plain Node, no dependencies.
//
//   node bench/idle-sample.mjs <window-seconds> vigil=1234 redis-sentinel=5678
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

const [windowText, ...targets] = process.argv.slice(2);
const windowS = Number(windowText);
if (!(windowS > 0) || targets.length === 0) {
  console.error('usage: idle-sample.mjs <window-seconds> name=pid ...');
  process.exit(2);
}
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const procs = targets.map((t) => {
  const [name, pid] = t.split('=');
  return { name, pid: Number(pid), rss: [] };
});

/** utime + stime in clock ticks; fields counted after the ")" closing the command name. */
function cpuTicks(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(rest[11]) + Number(rest[12]);
}

function rssKb(pid) {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m === null ? NaN : Number(m[1]);
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const start = process.hrtime.bigint();
for (const p of procs) p.ticks0 = cpuTicks(p.pid);
const seconds = Math.round(windowS);
for (let i = 0; i < seconds; i++) {
  // Sample in the middle of each second, away from the window's edges.
  const due = Number(start / 1_000_000n) + i * 1000 + 500;
  await sleep(Math.max(0, due - Number(process.hrtime.bigint() / 1_000_000n)));
  for (const p of procs) p.rss.push(rssKb(p.pid));
}
const end = Number(start / 1_000_000n) + windowS * 1000;
await sleep(Math.max(0, end - Number(process.hrtime.bigint() / 1_000_000n)));
const elapsedS = Number(process.hrtime.bigint() - start) / 1e9;
for (const p of procs) {
  const cpuPct = ((cpuTicks(p.pid) - p.ticks0) / TICKS / elapsedS) * 100;
  console.log([p.name, cpuPct.toFixed(3), median(p.rss), Math.max(...p.rss)].join('\t'));
}
