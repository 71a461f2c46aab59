/**
 * Reply values as data. The core builds these; the encoder turns them into RESP2 or RESP3
 * bytes for one client. Types mirror what Redis 7.0 emits, including the RESP2 spellings of
 * RESP3-only types (a map becomes a flat array, a null array stays `*-1`, a push frame is an
 * ordinary array).
 *
 * Strings are "byte strings": one JS char per byte (latin1). The wire and file adapters decode
 * and encode with latin1 so arbitrary bytes round-trip exactly and a string's length is its
 * byte length.
 */
export type Reply =
  | { readonly t: 'simple'; readonly v: string }
  | { readonly t: 'error'; readonly v: string }
  | { readonly t: 'int'; readonly v: number }
  | { readonly t: 'bulk'; readonly v: string }
  | { readonly t: 'nullbulk' }
  | { readonly t: 'nullarray' }
  | { readonly t: 'array'; readonly v: readonly Reply[] }
  | { readonly t: 'map'; readonly v: readonly (readonly [Reply, Reply])[] }
  | { readonly t: 'push'; readonly v: readonly Reply[] }
  | { readonly t: 'raw'; readonly v2: string; readonly v3: string };

export const OK: Reply = { t: 'simple', v: 'OK' };
export const PONG: Reply = { t: 'simple', v: 'PONG' };
export const NULL_BULK: Reply = { t: 'nullbulk' };
export const NULL_ARRAY: Reply = { t: 'nullarray' };
export const EMPTY_ARRAY: Reply = { t: 'array', v: [] };

export const simple = (v: string): Reply => ({ t: 'simple', v });
/** An error reply; `v` carries the code, e.g. `ERR syntax error`. */
export const err = (v: string): Reply => ({ t: 'error', v });
export const int = (v: number): Reply => ({ t: 'int', v });
export const bulk = (v: string): Reply => ({ t: 'bulk', v });
export const arr = (v: readonly Reply[]): Reply => ({ t: 'array', v });
export const bulks = (v: readonly string[]): Reply => ({ t: 'array', v: v.map(bulk) });
export const push = (v: readonly Reply[]): Reply => ({ t: 'push', v });

/** A map whose keys and values are all bulk strings (the instance-description shape). */
export function bulkMap(pairs: readonly (readonly [string, string])[]): Reply {
  return { t: 'map', v: pairs.map(([k, val]) => [bulk(k), bulk(val)] as const) };
}

export function map(pairs: readonly (readonly [string, Reply])[]): Reply {
  return { t: 'map', v: pairs.map(([k, val]) => [bulk(k), val] as const) };
}
