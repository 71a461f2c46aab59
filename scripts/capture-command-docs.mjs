#!/usr/bin/env node
/**
 * Captures COMMAND INFO and COMMAND DOCS of every command of a running redis-sentinel into
 * protocol/commands/<name>.json, the data vigil serves COMMAND from.
 *
 *   node scripts/capture-command-docs.mjs [--host 127.0.0.1] [--port 26379] [--out protocol/commands]
 *                                         [--user name] [--password pw]
 *
 * Each reply is read in RESP3 (the richer form: sets and maps are marked) and stored as a
 * tree; the same reply is read again in RESP2 and the script checks that the tree, encoded
 * back to RESP2, gives the sentinel's exact bytes. Redis lists subcommands in hash order,
 * which changes from one process to the next, so subcommands are sorted by name: a new
 * capture of the same version yields the same files.
 *
 * Tree form: bulk string -> JSON string, integer -> number, null -> null, array -> array,
 * simple string -> {"+": s}, set -> {"~": [...]}, map -> {"%": [[key, value], ...]}.
 * Plain Node, no dependencies; it only reads from the sentinel.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const EXPECTED_VERSION = '7.0.15';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const host = option('host', '127.0.0.1');
const port = Number(option('port', '26379'));
const outDir = path.resolve(option('out', 'protocol/commands'));
const user = option('user', null);
const password = option('password', null);

/** A connection that sends one command at a time and returns the raw reply bytes. */
class Connection {
  constructor(socket) {
    this.socket = socket;
    this.buffer = '';
    this.waiter = null;
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => {
      this.buffer += chunk;
      this.wake();
    });
  }

  static open() {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host, () => resolve(new Connection(socket)));
      socket.once('error', reject);
    });
  }

  wake() {
    if (this.waiter === null) return;
    const end = replyEnd(this.buffer, 0);
    if (end < 0) return;
    const raw = this.buffer.slice(0, end);
    this.buffer = this.buffer.slice(end);
    const resolve = this.waiter;
    this.waiter = null;
    resolve(raw);
  }

  /** Sends a command and returns its raw reply; an error reply rejects. */
  call(...args) {
    const request = `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`).join('');
    return new Promise((resolve, reject) => {
      this.waiter = (raw) => (raw.startsWith('-') ? reject(new Error(`${args.join(' ')}: ${raw.trim()}`)) : resolve(raw));
      this.socket.write(request, 'latin1');
      this.wake();
    });
  }

  close() {
    this.socket.destroy();
  }
}

/** End offset of the reply starting at `pos`, or -1 if incomplete. */
function replyEnd(buf, pos) {
  const parsed = parse(buf, pos);
  return parsed === null ? -1 : parsed.end;
}

/** Parses one RESP2/RESP3 reply into the tree form; null when incomplete. */
function parse(buf, pos) {
  const eol = buf.indexOf('\r\n', pos);
  if (eol < 0) return null;
  const type = buf[pos];
  const line = buf.slice(pos + 1, eol);
  const after = eol + 2;
  const items = (count, start) => {
    const out = [];
    let p = start;
    for (let i = 0; i < count; i++) {
      const r = parse(buf, p);
      if (r === null) return null;
      out.push(r.value);
      p = r.end;
    }
    return { out, end: p };
  };
  switch (type) {
    case '+':
      return { value: { '+': line }, end: after };
    case '-':
      return { value: { '-': line }, end: after };
    case ':':
      return { value: Number(line), end: after };
    case '_':
      return { value: null, end: after };
    case '$': {
      const len = Number(line);
      if (len < 0) return { value: null, end: after };
      if (buf.length < after + len + 2) return null;
      return { value: buf.slice(after, after + len), end: after + len + 2 };
    }
    case '*':
    case '~': {
      const count = Number(line);
      if (count < 0) return { value: null, end: after };
      const r = items(count, after);
      if (r === null) return null;
      return { value: type === '*' ? r.out : { '~': r.out }, end: r.end };
    }
    case '%': {
      const r = items(Number(line) * 2, after);
      if (r === null) return null;
      const pairs = [];
      for (let i = 0; i < r.out.length; i += 2) pairs.push([r.out[i], r.out[i + 1]]);
      return { value: { '%': pairs }, end: r.end };
    }
    default:
      throw new Error(`unexpected RESP type ${JSON.stringify(type)} in a COMMAND reply`);
  }
}

/** Encodes a tree as RESP2, the way Redis downgrades RESP3 types for a RESP2 client. */
function toResp2(tree) {
  if (tree === null) return '$-1\r\n';
  if (typeof tree === 'number') return `:${tree}\r\n`;
  if (typeof tree === 'string') return `$${tree.length}\r\n${tree}\r\n`;
  if (Array.isArray(tree)) return `*${tree.length}\r\n` + tree.map(toResp2).join('');
  if ('+' in tree) return `+${tree['+']}\r\n`;
  if ('~' in tree) return toResp2(tree['~']);
  const pairs = tree['%'];
  return `*${pairs.length * 2}\r\n` + pairs.map(([k, v]) => toResp2(k) + toResp2(v)).join('');
}

/** Sorts the subcommand entries of a COMMAND INFO entry (element 9) by name, recursively. */
function sortInfo(entry) {
  const subs = entry[9];
  if (Array.isArray(subs)) {
    subs.forEach(sortInfo);
    subs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
  return entry;
}

/** Sorts the `subcommands` map of a COMMAND DOCS value by name, recursively. */
function sortDocs(doc) {
  for (const [key, value] of doc['%']) {
    if (key === 'subcommands') {
      value['%'].forEach(([, sub]) => sortDocs(sub));
      value['%'].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    }
  }
  return doc;
}

/** JSON with one value per line, except that values short enough stay on one line. */
function format(value, indent) {
  const flat = JSON.stringify(value);
  if (flat.length + indent.length <= 100 || value === null || typeof value !== 'object') return flat;
  const inner = indent + '  ';
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + format(v, inner)).join(',\n')}\n${indent}]`;
  const fields = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner)}`);
  return `{\n${fields.join(',\n')}\n${indent}}`;
}

async function captureOne(resp3, resp2, name) {
  const info3 = await resp3.call('COMMAND', 'INFO', name);
  const info2 = await resp2.call('COMMAND', 'INFO', name);
  const docs3 = await resp3.call('COMMAND', 'DOCS', name);
  const docs2 = await resp2.call('COMMAND', 'DOCS', name);
  const info = parse(info3, 0).value;
  const docs = parse(docs3, 0).value;
  if (toResp2(info) !== info2) throw new Error(`COMMAND INFO ${name}: RESP3 tree does not re-encode to the RESP2 bytes`);
  if (toResp2(docs) !== docs2) throw new Error(`COMMAND DOCS ${name}: RESP3 tree does not re-encode to the RESP2 bytes`);
  const [[docName, doc]] = docs['%'];
  if (info.length !== 1 || info[0][0] !== name || docName !== name) throw new Error(`unexpected reply shape for ${name}`);
  return { info: sortInfo(info[0]), docs: sortDocs(doc) };
}

async function main() {
  const resp3 = await Connection.open();
  const resp2 = await Connection.open();
  try {
    if (password !== null) {
      const auth = user === null ? ['AUTH', password] : ['AUTH', user, password];
      await Promise.all([resp3.call(...auth), resp2.call(...auth)]);
    }
    await resp3.call('HELLO', '3');
    const infoText = parse(await resp2.call('INFO', 'server'), 0).value;
    const version = /redis_version:([^\r]*)/.exec(infoText)?.[1] ?? 'unknown';
    if (!/redis_mode:sentinel/.test(infoText)) throw new Error(`${host}:${port} is not a sentinel`);
    if (version !== EXPECTED_VERSION) console.warn(`warning: captured from ${version}, vigil targets ${EXPECTED_VERSION}`);
    const names = parse(await resp2.call('COMMAND', 'LIST'), 0).value.filter((n) => !n.includes('|')).sort();
    fs.mkdirSync(outDir, { recursive: true });
    for (const name of names) {
      const captured = await captureOne(resp3, resp2, name);
      const file = { source: `redis-sentinel ${version}`, name, ...captured };
      fs.writeFileSync(path.join(outDir, `${name}.json`), format(file, '') + '\n');
    }
    console.log(`captured ${names.length} commands into ${outDir}: ${names.join(' ')}`);
  } finally {
    resp3.close();
    resp2.close();
  }
}

main().catch((e) => {
  console.error(`capture failed: ${e.message}`);
  process.exit(1);
});
