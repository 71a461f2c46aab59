// What bench/failover.sh sees of the sentinels during a run, stamped with performance.now() of
// this process (the same clock the fault instant and the writer's acknowledgements use):
//  - Events: every pub/sub message of every sentinel (PSUBSCRIBE *, subscribed before the
//    fault), as { t, s (sentinel index), channel, message }.
//  - Addresses: each sentinel's answer to SENTINEL GET-MASTER-ADDR-BY-NAME, asked every
//    POLL_MS on one connection per sentinel; `named[s]` is the latest answer ("ip:port" or
//    null) and `changes` every change with its time. The writer follows these answers, as a
//    Sentinel-aware client would.
import { performance } from 'node:perf_hooks';
import { MASTER_NAME, client, sleep } from './failover-group.mjs';

const POLL_MS = 10;

export class Watch {
  constructor(ports) {
    this.ports = ports;
    this.events = [];
    this.named = ports.map(() => null);
    this.changes = [];
    this.subscribers = [];
    this.pollers = [];
    this.running = false;
    this.polling = [];
    /** Called after each round of answers (the writer hooks in here). */
    this.onNames = () => undefined;
  }

  async start() {
    this.running = true;
    for (const [s, port] of this.ports.entries()) {
      const sub = client(port, { commandTimeout: 2_000 });
      this.subscribers.push(sub);
      sub.on('pmessage', (_pattern, channel, message) => this.events.push({ t: performance.now(), s, channel: String(channel), message: String(message) }));
      await sub.connect();
      await sub.psubscribe('*');
      const poller = client(port, { commandTimeout: 500 });
      this.pollers.push(poller);
      await poller.connect();
      await this.ask(s);
    }
    this.polling = this.ports.map((_, s) => this.pollLoop(s));
  }

  async stop() {
    this.running = false;
    await Promise.all(this.polling);
    for (const c of [...this.subscribers, ...this.pollers]) c.disconnect();
  }

  /** Events of one channel since `from`, optionally only from sentinel `s`. */
  select(channel, from, s) {
    return this.events.filter((e) => e.channel === channel && e.t >= from && (s === undefined || e.s === s));
  }

  async pollLoop(s) {
    while (this.running) {
      await this.ask(s);
      this.onNames(this.named);
      await sleep(POLL_MS);
    }
  }

  async ask(s) {
    let addr = this.named[s];
    try {
      const reply = await this.pollers[s].call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME);
      addr = Array.isArray(reply) && reply.length === 2 ? `${reply[0]}:${reply[1]}` : null;
    } catch {
      // A sentinel that does not answer keeps its last answer; reconnect for the next round.
      if (this.running && this.pollers[s].status !== 'ready' && this.pollers[s].status !== 'connecting') {
        this.pollers[s].disconnect();
        this.pollers[s] = client(this.ports[s], { commandTimeout: 500 });
        await this.pollers[s].connect().catch(() => undefined);
      }
    }
    if (addr !== this.named[s]) {
      this.named[s] = addr;
      this.changes.push({ t: performance.now(), s, addr });
    }
  }
}
