/**
 * PUBLISH on a sentinel accepts only `__sentinel__:hello` (exact, case-sensitive): the payload
 * goes to hello processing, is not delivered to local subscribers, and the reply is always
 * `:1`, garbage included. Channel ACL rules still apply first, as for any PUBLISH.
 */
import { err, int, type Reply } from '../../../resp/values.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { checkChannels } from './acl-check.js';
import { capturedArity } from './command-data.js';
import { processHelloMessage } from './hello-channel.js';

export const HELLO_CHANNEL = '__sentinel__:hello';

function publishCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  const denied = checkChannels(ctx, 'publish', argv);
  if (denied !== null) return denied;
  if (argv[1] !== HELLO_CHANNEL) return err('ERR Only HELLO messages are accepted by Sentinel instances.');
  processHelloMessage(ctx.env, ctx.batch, ctx.now, argv[2]!);
  return int(1);
}

export const PUBLISH: CommandSpec = {
  name: 'publish',
  arity: capturedArity('publish'),
  handler: publishCommand,
};
