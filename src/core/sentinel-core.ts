/**
 * SentinelCore: the pure decision core. One method, `handle(input)`, turns an input (client
 * command, client connection change, tick, link event, DNS answer, script report) stamped with
 * the time into a Ready batch. It never reads a clock, draws randomness other than from its
 * seeded Rng, or touches sockets and files. Monitoring (links, periodic commands, hellos, down
 * checks, TILT) lives in monitor/, scripts in scripts/; this class only routes inputs there.
 */
import { Batch } from './batch.js';
import { ClientTable, finishCommand, repliesEnabled, takeReplySkip } from './clients.js';
import { dispatch, NO_REPLY } from './commands/dispatch.js';
import { COMMAND_TABLE } from './commands/registry.js';
import { unsupportedOptionWarnings } from './unsupported.js';
import type { CommandContext, CoreEnv, CoreStats } from './commands/types.js';
import { emitEvent } from './events.js';
import type { Input, Ready, ScriptInput } from './io.js';
import type { Rng } from './rng.js';
import type { ProcessFacts, ServerConfig } from './server-config.js';
import type { SentinelState } from './state.js';
import type { Acl } from './acl/acl.js';
import type { Now } from './time.js';
import { runtimeOf, type MonitorContext } from './monitor/context.js';
import { onLinkDown, onLinkFrame, onLinkReply, onLinkUp, onResolved } from './monitor/inputs.js';
import { runTick, scheduleNextTick } from './monitor/tick.js';
import { onScriptInput } from './scripts/inputs.js';

export interface CoreOptions {
  readonly state: SentinelState;
  readonly server: ServerConfig;
  readonly process: ProcessFacts;
  readonly acl: Acl;
  readonly rng: Rng;
}

export class SentinelCore {
  readonly env: CoreEnv;

  constructor(options: CoreOptions) {
    const stats: CoreStats = {
      totalConnectionsReceived: 0,
      totalCommandsProcessed: 0,
      rejectedConnections: 0,
      errorReplies: 0,
    };
    this.env = { ...options, clients: new ClientTable(), stats };
  }

  /**
   * Start-up: log the id (and the options set that vigil does not act on yet, unsupported.ts),
   * emit `+monitor` for every configured master, and ask for the first tick. The start time is
   * the reference of the first TILT check.
   */
  start(now: Now, generatedMyid: boolean): Ready {
    const batch = new Batch();
    if (generatedMyid) batch.flushConfig('new sentinel id');
    batch.log('warning', `Sentinel ID is ${this.env.state.myid}`);
    for (const text of unsupportedOptionWarnings(this.env.server)) batch.log('warning', text);
    for (const master of this.env.state.masters.values()) {
      emitEvent(this.env, batch, 'warning', '+monitor', { instance: master, master: null }, `quorum ${master.quorum}`);
    }
    runtimeOf(this.env.state).previousTick = { mono: now.mono, wall: now.wall };
    scheduleNextTick({ env: this.env, batch, now });
    return batch.toReady();
  }

  handle(input: Input): Ready {
    const batch = new Batch();
    switch (input.kind) {
      case 'client-open':
        this.onClientOpen(input.clientId, input.addr, input.laddr, input.now, batch);
        break;
      case 'client-command':
        this.onClientCommand(input.clientId, input.argv, input.now, batch);
        break;
      case 'client-close':
        this.env.clients.close(input.clientId);
        break;
      case 'script-started':
      case 'script-exit':
      case 'script-spawn-failed':
        onScriptInput(this.env, batch, input);
        break;
      default:
        this.onMonitorInput(input, { env: this.env, batch, now: input.now });
    }
    return batch.toReady();
  }

  private onMonitorInput(
    input: Exclude<Input, { kind: 'client-open' | 'client-command' | 'client-close' | ScriptInput['kind'] }>,
    ctx: MonitorContext,
  ): void {
    switch (input.kind) {
      case 'tick':
        return runTick(ctx);
      case 'link-up':
        return onLinkUp(ctx, input);
      case 'link-down':
        return onLinkDown(ctx, input);
      case 'link-reply':
        return onLinkReply(ctx, input);
      case 'link-frame':
        return onLinkFrame(ctx, input);
      case 'resolved':
        return onResolved(ctx, input);
    }
  }

  /** Runs several pipelined commands of one client into one batch (the server's hot path). */
  handleCommands(clientId: number, commands: readonly (readonly string[])[], now: Now): Ready {
    const batch = new Batch();
    const client = this.env.clients.get(clientId);
    if (client === undefined) return batch.toReady();
    // One context for the whole read: same client, same time, same batch.
    const ctx: CommandContext = { env: this.env, client, now, batch };
    for (const argv of commands) {
      if (client.closing || this.env.clients.get(clientId) !== client) break;
      this.runCommand(ctx, argv);
    }
    return batch.toReady();
  }

  private onClientOpen(clientId: number, addr: string, laddr: string, now: Now, batch: Batch): void {
    const { clients, server, acl, stats } = this.env;
    stats.totalConnectionsReceived++;
    if (clients.size >= server.maxclients) {
      stats.rejectedConnections++;
      batch.reply(clientId, 2, { t: 'error', v: 'ERR max number of clients reached' });
      batch.closeClient(clientId);
      return;
    }
    clients.open(clientId, addr, laddr, now, acl.defaultUserOpen ? 'default' : null);
  }

  private onClientCommand(clientId: number, argv: readonly string[], now: Now, batch: Batch): void {
    const client = this.env.clients.get(clientId);
    if (client === undefined) return;
    this.runCommand({ env: this.env, client, now, batch }, argv);
  }

  private runCommand(ctx: CommandContext, argv: readonly string[]): void {
    const { client, batch, now } = ctx;
    const clientId = client.id;
    if (argv.length === 0) return;
    client.lastInteractionMono = now.mono;
    // CLIENT REPLY SKIP drops exactly the reply of the command after it.
    const skipReply = takeReplySkip(client);
    const result = dispatch(COMMAND_TABLE, ctx, argv);
    finishCommand(client, client.lastCommand);
    const failReply = batch.failReplyForNextReply;
    batch.failReplyForNextReply = null;
    if (result !== NO_REPLY) {
      if (result.t === 'error') this.env.stats.errorReplies++;
      if (!skipReply && repliesEnabled(client)) batch.reply(clientId, client.proto, result, failReply ?? undefined);
    }
    if (client.closing) batch.closeClient(clientId);
  }
}
