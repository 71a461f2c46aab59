/**
 * Redis's rule for client names and library attributes (CLIENT SETNAME, HELLO SETNAME,
 * CLIENT SETINFO): printable ASCII from `!` to `~`, so CLIENT LIST stays one space-separated
 * line per client. The empty string is valid and clears the value.
 */
import { err } from '../../../resp/values.js';

export const INVALID_CLIENT_NAME = err('ERR Client names cannot contain spaces, newlines or special characters.');

export function validClientName(name: string): boolean {
  return /^[!-~]*$/.test(name);
}
