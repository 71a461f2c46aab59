/**
 * The command line, as redis-sentinel reads it: `vigil <config> [--<directive> <value> ...]`.
 * Each `--name` starts a config line and the words after it are its values (quoted, so they
 * survive spaces); those lines are applied after the file, so they override it. `--sentinel`
 * is accepted and ignored (vigil is always a sentinel). yargs supplies --help and --version.
 */
import { quoteRepr } from './resp/split-args.js';

export type CliResult =
  | { readonly kind: 'run'; readonly configPath: string | null; readonly directives: string[]; readonly configFromStdin: boolean }
  | { readonly kind: 'exit'; readonly code: number; readonly output: string };

export const VIGIL_VERSION = '0.1.0';
export const REDIS_COMPAT_VERSION = '7.0.15';

export function versionLine(): string {
  return `vigil v=${VIGIL_VERSION} redis_compat=${REDIS_COMPAT_VERSION} node=${process.version}`;
}

const USAGE = `Usage: vigil <sentinel.conf> [--<directive> <value> ...]

A drop-in replacement for redis-sentinel: the same sentinel.conf, port and wire protocol.

Examples:
  vigil /etc/redis/sentinel.conf
  vigil sentinel.conf --port 26380
  vigil sentinel.conf --loglevel verbose --log-format text`;

export async function parseCommandLine(argv: readonly string[]): Promise<CliResult> {
  if (argv.includes('--help') || argv.includes('-h')) {
    // Loaded only for --help: yargs costs about 11 MB of resident memory a daemon never needs.
    const { default: yargs } = await import('yargs');
    const help = await yargs([...argv])
      .scriptName('vigil')
      .usage(USAGE)
      .version(false)
      .help(false)
      .option('help', { alias: 'h', type: 'boolean', describe: 'Show this help' })
      .option('version', { alias: 'v', type: 'boolean', describe: 'Show the version' })
      .option('sentinel', { type: 'boolean', describe: 'Accepted for redis-sentinel compatibility (ignored)' })
      .option('port', { type: 'string', describe: 'Any sentinel.conf directive can be given as --<directive> <value>' })
      .parserConfiguration({ 'unknown-options-as-args': true })
      .getHelp();
    return { kind: 'exit', code: 0, output: help + '\n' };
  }
  if (argv.includes('--version') || argv.includes('-v')) return { kind: 'exit', code: 0, output: versionLine() + '\n' };

  let rest = [...argv];
  let configPath: string | null = null;
  let configFromStdin = false;
  if (rest.length > 0 && !rest[0]!.startsWith('--')) {
    configPath = rest[0]!;
    rest = rest.slice(1);
    if (configPath === '-') {
      configFromStdin = true;
      configPath = null;
    }
  }
  return { kind: 'run', configPath, directives: directivesFromArgs(rest), configFromStdin };
}

/** Turns `--port 26380 --sentinel --loglevel verbose` into config lines. */
export function directivesFromArgs(args: readonly string[]): string[] {
  const lines: string[] = [];
  let current: string[] | null = null;
  // A bare `--sentinel` only selects sentinel mode, but like redis-server we keep it as a line
  // (the loader ignores it) so error line numbers match; with values it is a `sentinel ...` directive.
  const finish = (): void => {
    if (current !== null) lines.push(current.join(' '));
  };
  for (const arg of args) {
    if (arg.startsWith('--') && arg.length > 2) {
      finish();
      current = [arg.slice(2)];
    } else if (current !== null) {
      current.push(quoteRepr(arg));
    }
  }
  finish();
  return lines;
}
