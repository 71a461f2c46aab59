/**
 * Parsing and printing of standard option values by type: the validation and error texts of
 * Redis's generic config types, and the canonical form a value is kept in (what CONFIG GET
 * would print) so a rewrite can print it back as CONFIG REWRITE does.
 */
import { quoteRepr } from '../resp/split-args.js';
import type { BoolSpec, EnumSpec, FlagsSpec, NumericSpec, StringSpec } from './option-table.js';
import { formatMemory, memtoull, parseOctal, string2ll, toSigned64, toUnsigned64 } from './numbers.js';

export type Parsed = { readonly ok: true; readonly value: string | null } | { readonly ok: false; readonly error: string };

const ok = (value: string | null): Parsed => ({ ok: true, value });
const bad = (error: string): Parsed => ({ ok: false, error });

/** Redis yesnotoi: case-insensitive yes/no, else null. */
export function yesNo(text: string): boolean | null {
  const t = text.toLowerCase();
  return t === 'yes' ? true : t === 'no' ? false : null;
}

export function parseBool(_spec: BoolSpec, text: string): Parsed {
  const v = yesNo(text);
  return v === null ? bad("argument must be 'yes' or 'no'") : ok(v ? 'yes' : 'no');
}

export function parseString(spec: StringSpec, text: string): Parsed {
  const err = spec.check?.(text) ?? null;
  if (err !== null) return bad(err);
  return ok(spec.emptyIsNull && text === '' ? null : text);
}

export function enumError(values: readonly string[]): string {
  return `argument(s) must be one of the following: ${values.join(', ')}`;
}

export function parseEnum(spec: EnumSpec, text: string): Parsed {
  const name = spec.values.find((v) => v === text.toLowerCase());
  if (name === undefined) return bad(enumError(spec.values));
  return ok(spec.same?.[name] ?? name);
}

/** shutdown-on-sig*: any mix of the flags, except SAVE with NOSAVE; canonical order is the table's. */
export function parseFlags(spec: FlagsSpec, args: readonly string[]): Parsed {
  const set = new Set<string>();
  for (const arg of args) {
    const name = spec.values.find((v) => v === arg.toLowerCase());
    if (name === undefined) return bad(enumError(spec.values));
    if (name !== 'default') set.add(name);
  }
  if (set.has('save') && set.has('nosave')) return bad("shutdown options SAVE and NOSAVE can't be used simultaneously");
  const names = spec.values.filter((v) => set.has(v));
  return ok(names.length === 0 ? 'default' : names.join(' '));
}

/** numericParseString then numericBoundaryCheck; the canonical value is the stored number. */
export function parseNumeric(spec: NumericSpec, text: string): Parsed {
  const value = numericValue(spec, text);
  if (value === null) return bad(numericParseError(spec));
  const rangeError = numericRangeError(spec, value);
  if (rangeError !== null) return bad(rangeError);
  return ok((spec.unsigned ? toUnsigned64(value) : value).toString());
}

function numericValue(spec: NumericSpec, text: string): bigint | null {
  if (spec.flavor === 'memory' || spec.flavor === 'memory-percent') {
    const bytes = memtoull(text);
    if (bytes !== null) return spec.unsigned ? bytes : toSigned64(bytes);
  }
  if (spec.flavor === 'memory-percent' && text.length > 1 && text.endsWith('%')) {
    // Percentages are stored negated, as Redis does, so that they can't be taken for bytes.
    const pct = string2ll(text.slice(0, -1));
    if (pct !== null && pct >= 0n) return -pct;
  }
  if (spec.flavor === 'octal') return parseOctal(text);
  if (spec.flavor === 'integer') return string2ll(text);
  return null;
}

function numericParseError(spec: NumericSpec): string {
  switch (spec.flavor) {
    case 'memory-percent':
      return 'argument must be a memory or percent value';
    case 'memory':
      return 'argument must be a memory value';
    case 'octal':
      return "argument couldn't be parsed as an octal number";
    case 'integer':
      return "argument couldn't be parsed into an integer";
  }
}

function numericRangeError(spec: NumericSpec, value: bigint): string | null {
  if (spec.unsigned) {
    const u = toUnsigned64(value);
    if (u <= spec.max && u >= spec.min) return null;
    const fmt = (n: bigint): string => (spec.flavor === 'octal' ? n.toString(8) : n.toString());
    return `argument must be between ${fmt(spec.min)} and ${fmt(spec.max)} inclusive`;
  }
  if (spec.flavor === 'memory-percent' && value < 0n) {
    return value < spec.min ? `percentage argument must be less or equal to ${-spec.min}` : null;
  }
  if (value <= spec.max && value >= spec.min) return null;
  return `argument must be between ${spec.min} and ${spec.max} inclusive`;
}

/** The default of a spec in canonical form (null: unset). */
export function canonicalDefault(spec: BoolSpec | StringSpec | EnumSpec | FlagsSpec | NumericSpec): string | null {
  switch (spec.kind) {
    case 'bool':
      return spec.def ? 'yes' : 'no';
    case 'string':
      return spec.def;
    case 'enum':
      return spec.def;
    case 'flags':
      return 'default';
    case 'numeric':
      return spec.def.toString();
  }
}

/** The argument text a rewrite writes for a canonical value (strings quoted, bytes as kb/mb/gb). */
export function renderValue(spec: BoolSpec | StringSpec | EnumSpec | FlagsSpec | NumericSpec, value: string): string {
  if (spec.kind === 'string') return quoteRepr(value);
  if (spec.kind !== 'numeric') return value;
  const n = BigInt(value);
  if (spec.flavor === 'memory-percent' && n < 0n) return `${-n}%`;
  if (spec.flavor === 'memory' || spec.flavor === 'memory-percent') return formatMemory(toSigned64(n));
  if (spec.flavor === 'octal') return n.toString(8);
  return value;
}
