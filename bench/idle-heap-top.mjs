// Summarises a V8 .heapsnapshot (node --heapsnapshot-signal): self size per node type and
// constructor/name, the top N, with the share of the whole heap. Strings and code are grouped
// by type. Usage: node bench/idle-heap-top.mjs <file.heapsnapshot> [N]. Plain Node.
import fs from 'node:fs';

const [file, topText] = process.argv.slice(2);
const top = Number(topText ?? '25');
const snap = JSON.parse(fs.readFileSync(file, 'utf8'));
const fields = snap.snapshot.meta.node_fields;
const types = snap.snapshot.meta.node_types[0];
const width = fields.length;
const iType = fields.indexOf('type');
const iName = fields.indexOf('name');
const iSize = fields.indexOf('self_size');
const nodes = snap.nodes;
const strings = snap.strings;
const GROUP_BY_TYPE = new Set(['string', 'concatenated string', 'sliced string', 'code', 'number', 'hidden', 'array']);

const bySize = new Map();
let total = 0;
let count = 0;
for (let i = 0; i < nodes.length; i += width) {
  const type = types[nodes[i + iType]];
  const size = nodes[i + iSize];
  const key = GROUP_BY_TYPE.has(type) ? `(${type})` : `${type}: ${strings[nodes[i + iName]]}`.slice(0, 90);
  const entry = bySize.get(key) ?? { size: 0, count: 0 };
  entry.size += size;
  entry.count += 1;
  bySize.set(key, entry);
  total += size;
  count += 1;
}
console.log(`heap ${(total / 1024 / 1024).toFixed(2)} MB in ${count} objects`);
for (const [key, { size, count: n }] of [...bySize.entries()].sort((a, b) => b[1].size - a[1].size).slice(0, top)) {
  console.log(`${((100 * size) / total).toFixed(1).padStart(5)}%  ${(size / 1024).toFixed(0).padStart(7)} kB  ${String(n).padStart(7)}x  ${key}`);
}
