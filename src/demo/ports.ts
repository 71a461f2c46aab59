/**
 * Free loopback ports for the demo. redis-server cannot listen on port 0 and report back, so
 * each candidate is probed by binding it (on 127.0.0.1 and on all interfaces) and releasing it
 * straight away; ports handed out in this run are never handed out twice.
 */
import net from 'node:net';

const FIRST_PORT = 40_000;
const PORT_SPAN = 20_000;
const MAX_PROBES = 2_000;
const handedOut = new Set<number>();

function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port nothing listens on right now, starting from a random point to avoid other runs. */
export async function freePort(): Promise<number> {
  let candidate = FIRST_PORT + Math.floor(Math.random() * PORT_SPAN);
  for (let probe = 0; probe < MAX_PROBES; probe++) {
    candidate = FIRST_PORT + ((candidate - FIRST_PORT + 1) % PORT_SPAN);
    if (handedOut.has(candidate)) continue;
    if ((await canBind(candidate, '127.0.0.1')) && (await canBind(candidate, '0.0.0.0'))) {
      handedOut.add(candidate);
      return candidate;
    }
  }
  throw new Error(`no free port found after ${MAX_PROBES} probes in ${FIRST_PORT}..${FIRST_PORT + PORT_SPAN}`);
}
