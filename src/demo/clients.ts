/**
 * ioredis clients as the demo uses them: loopback only, no reconnect loops, no offline queue
 * (a stopped process shows up as an error at once instead of a hang), no ready check or
 * CLIENT SETINFO (neither is part of what a sentinel must answer), and replies decoded into
 * the plain shapes the demo prints.
 */
import { Redis } from 'ioredis';

const CONNECT_TIMEOUT_MS = 1_000;
const COMMAND_TIMEOUT_MS = 2_000;

export function connect(port: number): Redis {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    enableReadyCheck: false,
    enableOfflineQueue: false,
    disableClientInfo: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
  });
  // Errors surface through the commands' promises; this keeps them off 'unhandled error'.
  client.on('error', () => undefined);
  return client;
}

/** True when something on `port` answers PING with PONG. */
export async function pingOnce(port: number): Promise<boolean> {
  const client = connect(port);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** One command's reply, or its error text: the demo prints either. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export async function attempt<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Runs one command on a short-lived connection. */
export async function command(port: number, name: string, ...args: string[]): Promise<Outcome<unknown>> {
  const client = connect(port);
  try {
    return await attempt(async () => {
      await client.connect();
      return client.call(name, ...args);
    });
  } finally {
    client.disconnect();
  }
}

/** A flat RESP2 field/value list ([k1, v1, k2, v2, ...]) as a Map. */
export function fieldsOf(reply: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(reply)) return out;
  for (let i = 0; i + 1 < reply.length; i += 2) out.set(String(reply[i]), String(reply[i + 1]));
  return out;
}

/** INFO text as a Map of its `key:value` lines. */
export function infoFields(text: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof text !== 'string') return out;
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) out.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return out;
}

/** A GET-MASTER-ADDR-BY-NAME reply as `ip:port` (or what came instead). */
export function formatAddr(reply: unknown): string {
  if (Array.isArray(reply) && reply.length === 2) return `${String(reply[0])}:${String(reply[1])}`;
  return reply === null ? '(nil)' : JSON.stringify(reply);
}
