/**
 * The Node.js Sentinel clients under test, each wrapped as a ClientWriter that writes through
 * the client's own Sentinel support (no address lookups of ours): ioredis 6 (RESP3 by HELLO 3)
 * with and without `failoverDetector`, ioredis 5 (RESP2), node-redis 6 `createSentinel`
 * (RESP3) and node-redis 5 `createSentinel` (RESP2). Each write is `RPUSH <key> <seq>`,
 * `CONFIG GET port` and `WAIT 1 100` sent together on the connection the client chose, so the
 * log knows which node took the write and whether a replica confirmed it.
 *
 * Client options are the library defaults except where a default would stall a test rather
 * than show a failover (noted at each option); docs/clients.md lists them.
 */
import { Redis } from 'ioredis';
import { Redis as Redis5 } from 'ioredis5';
import { createSentinel } from 'redis';
import { createSentinel as createSentinel5 } from 'redis5';
import { WriteLog, WriteLoop, portFromConfigReply, type ClientWriter, type WriteResult } from './writer.js';

export type NodeClientName = 'ioredis6-detector' | 'ioredis6' | 'ioredis5' | 'node-redis6' | 'node-redis5';

export const NODE_CLIENTS: readonly NodeClientName[] = ['ioredis6-detector', 'ioredis6', 'ioredis5', 'node-redis6', 'node-redis5'];

const sentinelNodes = (ports: readonly number[]): { host: string; port: number }[] => ports.map((port) => ({ host: '127.0.0.1', port }));

/** Results of an ioredis pipeline: throws the first command error. */
function pipelineResults(res: [Error | null, unknown][] | null): unknown[] {
  if (res === null) throw new Error('pipeline returned null');
  for (const [err] of res) if (err !== null) throw err;
  return res.map(([, v]) => v);
}

/** The part of an ioredis client (v5 or v6) the writer uses. */
interface PipelineLike {
  rpush(key: string, value: string): PipelineLike;
  config(subcommand: 'GET', parameter: string): PipelineLike;
  call(command: string, ...args: string[]): PipelineLike;
  exec(): Promise<[Error | null, unknown][] | null>;
}
interface IoredisLike {
  pipeline(): PipelineLike;
  connect(): Promise<void>;
  disconnect(): void;
  on(event: 'error' | 'end', listener: (e: unknown) => void): unknown;
}

async function ioredisWrite(client: IoredisLike, key: string, seq: number): Promise<WriteResult> {
  const [, cfg, replicas] = pipelineResults(await client.pipeline().rpush(key, String(seq)).config('GET', 'port').call('WAIT', '1', '100').exec());
  return { port: portFromConfigReply(cfg), replicas: Number(replicas) };
}

class IoredisWriter implements ClientWriter {
  readonly log: WriteLog;
  /** Clients created again after ioredis ended one for good (see `open`). */
  recreated = 0;
  private client: IoredisLike | undefined;
  private loop: WriteLoop | undefined;
  private stopping = false;

  constructor(readonly name: 'ioredis6-detector' | 'ioredis6' | 'ioredis5', private readonly sentinels: readonly number[]) {
    this.log = new WriteLog(name, `w:${name}`);
  }

  /**
   * A new client. ioredis 6.0.0 has a race: when its FailoverDetector sees `+switch-master`
   * while the client is asking the sentinels for the master (it is reconnecting after a kill),
   * SentinelConnector.connect throws "Connection is closed." and the client goes to `end` and
   * never reconnects. An application has to create a new client then, and so does this writer
   * (counted in `recreated` and printed): the figures include that recovery.
   */
  private open(): IoredisLike {
    const common = {
      sentinels: sentinelNodes(this.sentinels),
      name: 'mymaster',
      // Connect now and fail fast at start-up instead of queueing forever.
      lazyConnect: true,
      // The one tuned option. ioredis's default reconnect delay doubles per failed attempt
      // (50 ms * 2^(n-1), capped at 5 s, plus 0-200 ms jitter), so after a kill -9 the moment
      // it retries, and so when its writes resume, depends on how many attempts failed, not on
      // when the sentinels switched. A delay capped at 200 ms (the shape of ioredis's own
      // documented example, with a lower cap) makes the figure about the failover.
      retryStrategy: (times: number) => Math.min(times * 50, 200),
    };
    const client = (this.name === 'ioredis5'
      ? new Redis5(common)
      : new Redis({ ...common, failoverDetector: this.name === 'ioredis6-detector' })) as unknown as IoredisLike;
    client.on('error', () => undefined);
    client.on('end', () => {
      if (this.stopping || this.client !== client) return;
      this.recreated++;
      this.log.error('client ended; creating a new one', Date.now());
      this.client = this.open();
      this.client.connect().catch(() => undefined);
    });
    return client;
  }

  async start(): Promise<void> {
    this.client = this.open();
    await this.client.connect();
    this.loop = new WriteLoop(this.log, (seq) => ioredisWrite(this.client!, this.log.key, seq));
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop?.stop();
    this.client?.disconnect();
  }
}

/** The part of a node-redis RedisSentinel (v5 or v6) the writer uses. */
interface NodeRedisSentinel {
  connect(): Promise<unknown>;
  on(event: 'error', listener: (e: unknown) => void): unknown;
  use<T>(fn: (client: { sendCommand<R>(isReadonly: boolean | undefined, args: string[]): Promise<R> }) => Promise<T>): Promise<T>;
  destroy(): Promise<void>;
}

class NodeRedisWriter implements ClientWriter {
  readonly log: WriteLog;
  private sentinel: NodeRedisSentinel | undefined;
  private loop: WriteLoop | undefined;

  constructor(readonly name: 'node-redis6' | 'node-redis5', private readonly sentinels: readonly number[]) {
    this.log = new WriteLog(name, `w:${name}`);
  }

  async start(): Promise<void> {
    const options = { name: 'mymaster', sentinelRootNodes: sentinelNodes(this.sentinels) };
    // v6 speaks RESP3 by default (no RESP2 fallback); v5 RESP2 by default. Both left as they are.
    const sentinel = (this.name === 'node-redis6' ? createSentinel(options) : createSentinel5(options)) as unknown as NodeRedisSentinel;
    sentinel.on('error', () => undefined);
    this.sentinel = sentinel;
    await sentinel.connect();
    const key = this.log.key;
    this.loop = new WriteLoop(this.log, (seq) => sentinel.use(async (c) => {
      // One leased connection: the three commands are pipelined on it, so WAIT covers the RPUSH.
      const [, cfg, replicas] = await Promise.all([
        c.sendCommand<unknown>(false, ['RPUSH', key, String(seq)]),
        c.sendCommand<unknown>(true, ['CONFIG', 'GET', 'port']),
        c.sendCommand<unknown>(false, ['WAIT', '1', '100']),
      ]);
      return { port: portFromConfigReply(cfg), replicas: Number(replicas) };
    }));
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
    await this.sentinel?.destroy().catch(() => undefined);
  }
}

export function nodeClient(name: NodeClientName, sentinelPorts: readonly number[]): ClientWriter {
  return name === 'node-redis6' || name === 'node-redis5' ? new NodeRedisWriter(name, sentinelPorts) : new IoredisWriter(name, sentinelPorts);
}
