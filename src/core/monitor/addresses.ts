/**
 * Instance addresses as Sentinel builds and compares them, without ever resolving a name here:
 *  1. an IP literal is stored normalized (as Redis prints it);
 *  2. with resolve-hostnames a plausible hostname is stored unresolved (ip ''), to be resolved
 *     by a `resolve` action before connecting; without it a hostname is refused;
 *  3. two addresses are equal when the ports match and the IPs match (case-insensitively), or,
 *     while either is unresolved, the hostnames do (§14);
 *  4. an address "equals a hostname" (sentinelAddrEqualsHostname) when the IP literal matches
 *     its IP, or the name matches the hostname it was created from. Redis resolves the name and
 *     compares IPs; the pure core cannot, so a name only matches the name it was given as.
 */
import { looksLikeHostname, normalizeIpLiteral } from '../commands/sentinel/ip-literal.js';
import type { Address, SentinelState } from '../state.js';

const MAX_PORT = 65535;

/** Rules 1-2: the address to store, or null when Redis's createSentinelAddr would fail. */
export function parseInstanceAddress(state: SentinelState, host: string, port: number): Address | null {
  if (!Number.isInteger(port) || port < 0 || port > MAX_PORT) return null;
  const ip = normalizeIpLiteral(host);
  if (ip !== null) return { host, ip, port };
  if (state.settings.resolveHostnames && looksLikeHostname(host)) return { host, ip: '', port };
  return null;
}

/** Rule 3 (sentinelAddrIsEqual). */
export function sameAddress(a: Address, b: Address): boolean {
  if (a.port !== b.port) return false;
  if (a.ip !== '' && b.ip !== '') return a.ip.toLowerCase() === b.ip.toLowerCase();
  return a.host.toLowerCase() === b.host.toLowerCase();
}

/** Rule 4: whether `host` (an IP literal or a name, as a peer or INFO wrote it) names `addr`. */
export function addressMatchesHost(addr: Address, host: string): boolean {
  const literal = normalizeIpLiteral(host);
  if (literal !== null && addr.ip !== '') return addr.ip.toLowerCase() === literal.toLowerCase();
  return addr.host.toLowerCase() === host.toLowerCase();
}

/** Whether the address must be (re)resolved before connecting: a name, or no IP yet. */
export function needsResolving(state: SentinelState, addr: Address): boolean {
  if (addr.ip === '') return true;
  return state.settings.resolveHostnames && normalizeIpLiteral(addr.host) === null;
}
