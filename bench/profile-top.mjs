// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per function, the top N,
// with the share of all samples. Usage: node bench/profile-top.mjs <file.cpuprofile> [N]
import fs from 'node:fs';

const [file, topText] = process.argv.slice(2);
const top = Number(topText ?? '25');
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
const deltas = profile.timeDeltas ?? [];
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = deltas[i] ?? 0;
  total += dt;
  const node = byId.get(id);
  const f = node.callFrame;
  const where = f.url ? `${f.url.replace(/^file:\/\/.*?\/(dist|node_modules)\//, '$1/')}:${f.lineNumber + 1}` : '';
  const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
  selfUs.set(key, (selfUs.get(key) ?? 0) + dt);
});
const sorted = [...selfUs.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
console.log(`total ${(total / 1000).toFixed(0)} ms sampled`);
for (const [key, us] of sorted) console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`);
