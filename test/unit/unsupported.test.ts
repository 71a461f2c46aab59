/** Start-up warnings for options vigil accepts but does not act on yet (core/unsupported.ts). */
import { describe, expect, it } from 'vitest';
import { defaultServerConfig } from '../../src/core/server-config.js';
import { unsupportedOptionWarnings } from '../../src/core/unsupported.js';
import { Rig } from './monitor/rig.js';

describe('options vigil does not act on yet', () => {
  it('warns about TLS set in the file, and about nothing else by default', () => {
    const server = defaultServerConfig();
    expect(unsupportedOptionWarnings(server)).toEqual([]);
    server.otherOptions.set('tls-port', '26380');
    server.otherOptions.set('tls-replication', 'yes');
    const warnings = unsupportedOptionWarnings(server);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^tls-port 26380 is set, but vigil does not serve TLS yet/);
    expect(warnings[1]).toMatch(/^tls-replication is set/);
  });

  it('is logged at start-up', () => {
    const rig = new Rig({ server: { otherOptions: new Map([['tls-port', '26380']]) } });
    rig.start();
    expect(rig.log.some((a) => a.kind === 'log' && a.level === 'warning' && a.text.startsWith('tls-port 26380 is set'))).toBe(true);
  });
});
