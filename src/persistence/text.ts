/**
 * How Redis cuts a config text into lines and words, and how values go back into a line.
 * Both the loader and the rewriter split on "\n" only and trim " \t\r\n" from both ends, so
 * CRLF files and indented lines behave as in Redis (the rewrite writes them back trimmed).
 */
import { quoteRepr } from '../resp/split-args.js';

/** sdssplitlen(text, "\n") then sdstrim(" \t\r\n"); an empty text has no lines at all. */
export function splitConfigLines(text: string): string[] {
  if (text === '') return [];
  return text.split('\n').map(trimConfigLine);
}

export function trimConfigLine(line: string): string {
  return line.replace(/^[ \t\r\n]+/, '').replace(/[ \t\r\n]+$/, '');
}

/** Comments and blank lines carry no directive. */
export function isCommentOrBlank(trimmed: string): boolean {
  return trimmed === '' || trimmed.startsWith('#');
}

/**
 * A value for a line Redis writes with plain `%s`. Redis 7.0 writes such values raw even when
 * they contain spaces or quotes, producing a file it cannot load again; a word that would not
 * survive splitting is quoted instead, which both Redis and vigil read back as the same value.
 */
export function bareOrQuoted(value: string): string {
  return /^[^\s"'\x00-\x1f\x7f]+$/.test(value) ? value : quoteRepr(value);
}

/** C strcasecmp equality. */
export function equalsIgnoreCase(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
