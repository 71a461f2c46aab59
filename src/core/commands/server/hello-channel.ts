/**
 * Hello messages that reach this sentinel through PUBLISH __sentinel__:hello (peers publish
 * their hellos to every sentinel directly). Processing them (discovering peers, updating the
 * master's address and config epoch) is not written yet: for now they are accepted and
 * dropped, and PUBLISH still answers `:1` as Redis does.
 */
import type { Batch } from '../../batch.js';
import type { Now } from '../../time.js';
import type { CoreEnv } from '../types.js';

export function processHelloMessage(env: CoreEnv, batch: Batch, now: Now, payload: string): void {
  void env;
  void batch;
  void now;
  void payload;
}
