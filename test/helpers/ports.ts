/**
 * Free loopback ports for tests. redis-server has no port-0 mode, so each vitest worker takes
 * its own range (by VITEST_POOL_ID, offset by the parent vitest process so two test runs on one
 * machine rarely share ranges) and probes each candidate before handing it out.
 */
import net from 'node:net';

const RANGE_START = 20_000;
const RANGE_SIZE = 1_000;
/**
 * Ranges available: 20000..31999, below Linux's ephemeral ports (32768+): a port there can be
 * taken by any outgoing connection between a test stopping a server and restarting it.
 */
const RANGES = 12;
let next = 0;

function workerBase(): number {
  const raw = Number(process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? '1');
  const worker = Number.isFinite(raw) ? raw : 1;
  // Workers of one run share their parent's pid: runs get different slices, workers different ranges.
  const run = process.ppid % 3;
  return RANGE_START + ((run * 4 + (worker % 4)) % RANGES) * RANGE_SIZE;
}

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port in this worker's range that nothing listens on right now. */
export async function freePort(): Promise<number> {
  const base = workerBase();
  for (let tries = 0; tries < RANGE_SIZE; tries++) {
    const port = base + (next++ % RANGE_SIZE);
    if ((await isPortFree(port)) && (await isPortFree(port, '0.0.0.0'))) return port;
  }
  throw new Error(`no free port in ${base}..${base + RANGE_SIZE}`);
}
