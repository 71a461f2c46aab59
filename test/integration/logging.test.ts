/**
 * Logs: JSON lines by default, Redis-style text on request, written to `logfile` when set,
 * filtered by `loglevel` with Redis's four levels.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, startVigil, stopAll } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait.js';

afterAll(stopAll);

describe('logging', () => {
  it('writes JSON lines to stdout by default, with the +monitor event', async () => {
    const proc = await startVigil({ config: 'sentinel monitor mymaster 127.0.0.1 1 2\n' });
    const line = await waitFor('+monitor in the log', () => proc.output().split('\n').find((l) => l.includes('+monitor')));
    const record = JSON.parse(line) as { msg: string; level: number; pid: number };
    expect(record.msg).toBe('+monitor master mymaster 127.0.0.1 1 quorum 2');
    expect(record.pid).toBe(proc.pid);
    await proc.stop();
  });

  it('warns at start-up that the TLS options in the file are not acted on', async () => {
    const proc = await startVigil({ config: 'tls-port 26380\ntls-replication yes\nsentinel monitor mymaster 127.0.0.1 1 2\n' });
    await waitFor('the TLS warnings in the log', () => /tls-port 26380 is set, but vigil does not serve TLS yet/.test(proc.output()) && /tls-replication is set/.test(proc.output()));
    expect(proc.output()).toMatch(/"level":45,[^\n]*tls-port 26380 is set/);
  });

  it('writes Redis-style text to the logfile with --log-format text, honouring loglevel', async () => {
    const dir = makeTempDir();
    const logfile = path.join(dir, 'vigil.log');
    const proc = await startVigil({
      config: `logfile ${logfile}\nloglevel warning\nsentinel monitor mymaster 127.0.0.1 1 2\n`,
      extraArgs: ['--log-format', 'text'],
    });
    const text = await waitFor('+monitor in the logfile', () => {
      const t = fs.existsSync(logfile) ? fs.readFileSync(logfile, 'utf8') : '';
      return t.includes('+monitor') ? t : null;
    });
    expect(text).toMatch(new RegExp(`^${proc.pid}:X \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} # \\+monitor master mymaster 127\\.0\\.0\\.1 1 quorum 2$`, 'm'));
    // notice-level lines (Running mode=...) are filtered out at loglevel warning
    expect(text).not.toContain('Running mode=sentinel');
    expect(proc.output()).toBe('');
    await proc.stop();
  });
});
