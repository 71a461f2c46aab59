/**
 * Free loopback ports for tests. redis-server has no port-0 mode, so each vitest worker takes
 * its own range (by VITEST_POOL_ID) and probes each candidate before handing it out.
 */
import net from 'node:net';

const RANGE_START = 30_000;
const RANGE_SIZE = 1_000;
let next = 0;

function workerBase(): number {
  const id = Number(process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? '1');
  return RANGE_START + ((Number.isFinite(id) ? id : 1) % 10) * RANGE_SIZE;
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
