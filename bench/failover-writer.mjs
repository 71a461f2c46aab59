// The writer client of bench/failover.sh: one connection, one `SET fw:<n> <n>` about every
// PERIOD_MS with n increasing, to whatever address the sentinels currently name. Every
// acknowledged write is recorded as { n, t, port } (t = performance.now() when the OK arrived),
// so the run can tell when writes resumed on the new master and check that every acknowledged
// write is still there at the end.
//
// How it follows the sentinels (what a Sentinel-aware client does, made prompt so the figure
// measures the sentinels rather than the client):
//  - while writes succeed it stays where it is, unless no sentinel names that address any more;
//  - after a failed write (error, refused connection, READONLY) it moves to an address some
//    sentinel names other than the failing one, else tries the failing one again;
//  - a write hanging for more than HANG_MS (a SIGSTOPped master accepts connections but never
//    answers) is abandoned as soon as some sentinel names another address.
// A write abandoned or failed counts as not acknowledged, whatever the server did with it.
import { performance } from 'node:perf_hooks';
import { client, sleep } from './failover-group.mjs';

const PERIOD_MS = 5;
const HANG_MS = 100;
const COMMAND_TIMEOUT_MS = 1_000;
const CONNECT_TIMEOUT_MS = 300;

export const KEY_PREFIX = 'fw:';

export class Writer {
  /** @param {import('./failover-watch.mjs').Watch} watch */
  constructor(watch) {
    this.watch = watch;
    this.acks = [];
    this.sent = 0;
    this.failed = 0;
    this.running = false;
    this.conn = null; // { addr, port, redis }
    this.healthy = true;
    this.failingAddr = null;
    this.inFlightSince = null;
    this.loop = null;
    /** Set when the loop itself failed (not a failed write: those are expected). */
    this.error = null;
    watch.onNames = (named) => this.onNames(named);
  }

  start() {
    this.running = true;
    this.loop = this.run().catch((e) => {
      this.error = e instanceof Error ? e : new Error(String(e));
      this.running = false;
    });
  }

  async stop() {
    this.running = false;
    await this.loop;
    this.drop();
  }

  /** Acknowledged writes at or after time `t`. */
  acksSince(t) {
    return this.acks.filter((a) => a.t >= t);
  }

  async run() {
    let next = performance.now();
    while (this.running) {
      await this.writeOnce();
      next = Math.max(next + PERIOD_MS, performance.now());
      await sleep(Math.max(0, next - performance.now()));
    }
  }

  async writeOnce() {
    const target = this.choose(this.watch.named);
    if (target === null) return;
    this.inFlightSince = performance.now();
    try {
      if (this.conn === null || this.conn.addr !== target) {
        this.drop();
        const [host, port] = splitAddr(target);
        if (host !== '127.0.0.1') throw new Error(`the sentinels named ${target}, not a loopback address`);
        this.conn = { addr: target, port, redis: client(port, { commandTimeout: COMMAND_TIMEOUT_MS }) };
        if (!(await connectWithin(this.conn.redis, CONNECT_TIMEOUT_MS))) {
          this.fail(target);
          return;
        }
      }
      const { addr, port, redis } = this.conn;
      const n = ++this.sent;
      try {
        await redis.set(`${KEY_PREFIX}${n}`, String(n));
        this.acks.push({ n, t: performance.now(), port });
        this.healthy = true;
        this.failingAddr = null;
      } catch {
        this.fail(addr);
      }
    } finally {
      this.inFlightSince = null;
    }
  }

  fail(addr) {
    this.failed++;
    this.healthy = false;
    this.failingAddr = addr;
    this.drop();
  }

  /** Closes the connection at once: pending commands are rejected now, not after a timeout. */
  drop() {
    if (this.conn !== null) destroy(this.conn.redis);
    this.conn = null;
  }

  /** Where the next write goes, from the sentinels' latest answers. */
  choose(named) {
    const counts = new Map();
    for (const a of named) if (a !== null) counts.set(a, (counts.get(a) ?? 0) + 1);
    const current = this.conn?.addr ?? null;
    if (this.healthy && current !== null && counts.has(current)) return current;
    const ranked = [...counts.entries()].sort((x, y) => y[1] - x[1]).map(([a]) => a);
    const other = ranked.find((a) => a !== this.failingAddr);
    return other ?? ranked[0] ?? current;
  }

  /** A hanging write is abandoned once some sentinel names another address. */
  onNames(named) {
    if (this.conn === null || this.inFlightSince === null) return;
    if (performance.now() - this.inFlightSince < HANG_MS) return;
    if (named.some((a) => a !== null && a !== this.conn.addr)) {
      this.healthy = false;
      this.failingAddr = this.conn.addr;
      this.drop(); // rejects the pending SET: counted as not acknowledged
    }
  }
}

/**
 * ioredis's connect() also waits for its HELLO handshake, which a SIGSTOPped server accepts
 * (the kernel completes TCP) but never answers: bound it, and destroy the socket on timeout.
 */
async function connectWithin(redis, ms) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([redis.connect().then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** disconnect() only half-closes (FIN) and waits for the peer; destroy the socket too. */
function destroy(redis) {
  redis.disconnect();
  redis.stream?.destroy();
}

export function splitAddr(addr) {
  const colon = addr.lastIndexOf(':');
  return [addr.slice(0, colon), Number(addr.slice(colon + 1))];
}
