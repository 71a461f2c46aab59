/**
 * Routes the runtime's reports about script children (io.ts ScriptInput) to the scheduler.
 * Nothing else: the decisions are in scheduler.ts.
 */
import type { Batch } from '../batch.js';
import type { EventSink } from '../events.js';
import type { ScriptInput } from '../io.js';
import { onScriptExit, onScriptSpawnFailed, onScriptStarted } from './scheduler.js';

export function onScriptInput(sink: EventSink, batch: Batch, input: ScriptInput): void {
  switch (input.kind) {
    case 'script-started':
      return onScriptStarted(sink, batch, input);
    case 'script-exit':
      return onScriptExit(sink, batch, input);
    case 'script-spawn-failed':
      return onScriptSpawnFailed(sink, batch, input);
  }
}
