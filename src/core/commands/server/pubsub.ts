/**
 * SUBSCRIBE, PSUBSCRIBE, UNSUBSCRIBE, PUNSUBSCRIBE on the sentinel's own event channels. One
 * confirmation per channel, carrying the client's total subscription count as an integer
 * (go-redis and Jedis insist on it); push frames in RESP3, arrays in RESP2. Unsubscribing from
 * everything confirms each channel (in subscription order), or once with a null channel and
 * count 0 when there was nothing. Subscribing checks the channels against the ACL first: one
 * refused channel refuses the whole command.
 */
import { bulk, int, NULL_BULK, push, type Reply } from '../../../resp/values.js';
import { subscriptionCount, type ClientSession } from '../../clients.js';
import { NO_REPLY, type CommandContext, type CommandSpec, type HandlerResult } from '../types.js';
import { checkChannels } from './acl-check.js';
import { capturedArity } from './command-data.js';

type Kind = 'channel' | 'pattern';

function setOf(c: ClientSession, kind: Kind): Set<string> {
  return kind === 'channel' ? c.channels : c.patterns;
}

function confirm(ctx: CommandContext, verb: string, channel: string | null): void {
  const c = ctx.client;
  const frame: Reply = push([bulk(verb), channel === null ? NULL_BULK : bulk(channel), int(subscriptionCount(c))]);
  ctx.batch.reply(c.id, c.proto, frame);
}

function subscribe(kind: Kind, verb: string, fullName: string) {
  return (ctx: CommandContext, argv: readonly string[]): HandlerResult => {
    const denied = checkChannels(ctx, fullName, argv);
    if (denied !== null) return denied;
    for (const channel of argv.slice(1)) {
      setOf(ctx.client, kind).add(channel);
      confirm(ctx, verb, channel);
    }
    return NO_REPLY;
  };
}

function unsubscribe(kind: Kind, verb: string) {
  return (ctx: CommandContext, argv: readonly string[]): HandlerResult => {
    const subs = setOf(ctx.client, kind);
    const channels = argv.length > 1 ? argv.slice(1) : [...subs];
    if (channels.length === 0) confirm(ctx, verb, null);
    for (const channel of channels) {
      subs.delete(channel);
      confirm(ctx, verb, channel);
    }
    return NO_REPLY;
  };
}

export const SUBSCRIBE: CommandSpec = {
  name: 'subscribe',
  arity: capturedArity('subscribe'),
  allowedWhileSubscribed: true,
  handler: subscribe('channel', 'subscribe', 'subscribe'),
};

export const PSUBSCRIBE: CommandSpec = {
  name: 'psubscribe',
  arity: capturedArity('psubscribe'),
  allowedWhileSubscribed: true,
  handler: subscribe('pattern', 'psubscribe', 'psubscribe'),
};

export const UNSUBSCRIBE: CommandSpec = {
  name: 'unsubscribe',
  arity: capturedArity('unsubscribe'),
  allowedWhileSubscribed: true,
  handler: unsubscribe('channel', 'unsubscribe'),
};

export const PUNSUBSCRIBE: CommandSpec = {
  name: 'punsubscribe',
  arity: capturedArity('punsubscribe'),
  allowedWhileSubscribed: true,
  handler: unsubscribe('pattern', 'punsubscribe'),
};
