/**
 * Where each standard option lives in ServerConfig: the few vigil acts on have typed fields,
 * every other one is kept by name in `otherOptions`. Values cross this boundary in canonical
 * form (see option-values.ts), so the loader and the rewrite treat all options alike.
 */
import type { LogLevel } from '../core/io.js';
import type { ServerConfig } from '../core/server-config.js';
import { canonicalDefault } from './option-values.js';
import { OPTION_BY_NAME } from './option-table.js';

interface Field {
  get(s: ServerConfig): string | null;
  set(s: ServerConfig, v: string | null): void;
}

const yes = (b: boolean): string => (b ? 'yes' : 'no');
const num = (get: (s: ServerConfig) => number, set: (s: ServerConfig, n: number) => void): Field => ({
  get: (s) => String(get(s)),
  set: (s, v) => set(s, Number(v)),
});

const FIELDS: Readonly<Record<string, Field>> = {
  port: num((s) => s.port, (s, n) => (s.port = n)),
  maxclients: num((s) => s.maxclients, (s, n) => (s.maxclients = n)),
  hz: num((s) => s.hz, (s, n) => (s.hz = n)),
  'client-query-buffer-limit': num((s) => s.clientQueryBufferLimit, (s, n) => (s.clientQueryBufferLimit = n)),
  'proto-max-bulk-len': num((s) => s.protoMaxBulkLen, (s, n) => (s.protoMaxBulkLen = n)),
  logfile: { get: (s) => s.logfile, set: (s, v) => (s.logfile = v ?? '') },
  loglevel: { get: (s) => s.loglevel, set: (s, v) => (s.loglevel = v as LogLevel) },
  pidfile: { get: (s) => (s.pidfile === '' ? null : s.pidfile), set: (s, v) => (s.pidfile = v ?? '') },
  'protected-mode': { get: (s) => yes(s.protectedMode), set: (s, v) => (s.protectedMode = v === 'yes') },
  daemonize: { get: (s) => yes(s.daemonize), set: (s, v) => (s.daemonize = v === 'yes') },
  requirepass: { get: (s) => s.requirepass, set: (s, v) => (s.requirepass = v) },
  aclfile: { get: (s) => s.aclfile ?? '', set: (s, v) => (s.aclfile = v === '' || v === null ? null : v) },
  'enable-debug-command': {
    get: (s) => s.enableDebugCommand,
    set: (s, v) => (s.enableDebugCommand = v === 'yes' || v === 'local' ? v : 'no'),
  },
};

/** Stores a canonical value (null: unset) for the option with primary name `name`. */
export function setOption(server: ServerConfig, name: string, value: string | null): void {
  const field = FIELDS[name];
  if (field !== undefined) field.set(server, value);
  else if (value === null) server.otherOptions.delete(name);
  else server.otherOptions.set(name, value);
}

/** The current canonical value of a standard non-special option (its default if never set). */
export function getOption(server: ServerConfig, name: string): string | null {
  const field = FIELDS[name];
  if (field !== undefined) return field.get(server);
  const stored = server.otherOptions.get(name);
  if (stored !== undefined) return stored;
  const spec = OPTION_BY_NAME.get(name);
  return spec === undefined || spec.kind === 'special' ? null : canonicalDefault(spec);
}
