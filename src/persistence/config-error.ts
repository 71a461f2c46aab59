/**
 * A config load failure as data, and the exact stderr text redis-sentinel 7.0.15 prints for one
 * before exiting 1. A failure found after the last line (log file check, ACL checks) has no line
 * number; Redis then prints only the banner and the message.
 */
export const REDIS_COMPAT_VERSION = '7.0.15';

export interface ConfigError {
  /** 1-based line in the text Redis parses (file, then a newline, then the command-line lines); 0 = none. */
  readonly lineNumber: number;
  /** The offending line after trimming, as Redis echoes it. */
  readonly line: string;
  readonly message: string;
}

export function formatFatalConfigError(err: ConfigError): string {
  let out = `\n*** FATAL CONFIG FILE ERROR (Redis ${REDIS_COMPAT_VERSION}) ***\n`;
  if (err.lineNumber > 0) {
    out += `Reading the configuration file, at line ${err.lineNumber}\n`;
    out += `>>> '${err.line}'\n`;
  }
  return out + `${err.message}\n`;
}
