/** Error replies several server commands share, in Redis's words. */
import { err, type Reply } from '../../../resp/values.js';

export const SYNTAX_ERROR = err('ERR syntax error');
export const NOT_AN_INTEGER = err('ERR value is not an integer or out of range');

/** Redis's addReplySubcommandSyntaxError: the subcommand as typed, the container upper-cased. */
export function subcommandSyntaxError(argv: readonly string[]): Reply {
  return err(
    `ERR unknown subcommand or wrong number of arguments for '${argv[1]!.slice(0, 128)}'. Try ${argv[0]!.toUpperCase()} HELP.`,
  );
}
