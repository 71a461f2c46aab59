/**
 * Hello messages that reach this sentinel through PUBLISH __sentinel__:hello (peers publish
 * their hellos to every sentinel directly). They are processed exactly like hellos read from a
 * monitored instance's pub/sub link (monitor/hello-receive.ts), except that no payload is
 * filtered for our own id, as in Redis. PUBLISH still answers `:1`, garbage included.
 */
import type { Batch } from '../../batch.js';
import { processHello } from '../../monitor/hello-receive.js';
import type { Now } from '../../time.js';
import type { CoreEnv } from '../types.js';

export function processHelloMessage(env: CoreEnv, batch: Batch, now: Now, payload: string): void {
  processHello({ env, batch, now }, payload);
}
