/**
 * The atomic config writer on a real temp directory: the new content replaces the old whole,
 * with 0644 & ~umask; any failing step leaves the old file as it was and no temp file behind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NODE_IO, writeFileAtomicSync, type AtomicWriteIo } from '../../../src/persistence/atomic-write.js';

let dir: string;
let target: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-atomic-'));
  target = path.join(dir, 'sentinel.conf');
  fs.writeFileSync(target, 'old content\n', 'latin1');
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const entries = (): string[] => fs.readdirSync(dir).sort();

/** NODE_IO with one call replaced by a failure. */
function failing(step: keyof AtomicWriteIo, onCall = 1): AtomicWriteIo {
  let calls = 0;
  return {
    ...NODE_IO,
    [step]: (...args: unknown[]) => {
      calls++;
      if (calls === onCall) throw Object.assign(new Error(`injected ${step} failure`), { code: 'EIO' });
      return (NODE_IO[step] as (...a: unknown[]) => unknown)(...args);
    },
  } as AtomicWriteIo;
}

describe('writeFileAtomicSync', () => {
  it('replaces the file with the new bytes, latin1 one char per byte', () => {
    const text = 'sentinel auth-pass m "\xe9\xff"\n';
    writeFileAtomicSync(target, text);
    expect(fs.readFileSync(target)).toEqual(Buffer.from(text, 'latin1'));
    expect(entries()).toEqual(['sentinel.conf']);
  });

  it('gives the file mode 0644 minus the umask', () => {
    fs.chmodSync(target, 0o600);
    writeFileAtomicSync(target, 'x\n');
    expect(fs.statSync(target).mode & 0o777).toBe(0o644 & ~NODE_IO.umask());
  });

  it('creates the file when there was none', () => {
    fs.rmSync(target);
    writeFileAtomicSync(target, 'new\n');
    expect(fs.readFileSync(target, 'latin1')).toBe('new\n');
  });

  it('writes everything even when the OS takes it in small pieces', () => {
    const io: AtomicWriteIo = { ...NODE_IO, writeSync: (fd, b, o, l) => NODE_IO.writeSync(fd, b, o, Math.min(l, 3)) };
    writeFileAtomicSync(target, 'a longer text than three bytes\n', io);
    expect(fs.readFileSync(target, 'latin1')).toBe('a longer text than three bytes\n');
  });

  it.each(['writeSync', 'fsyncSync', 'fchmodSync', 'closeSync', 'renameSync'] as const)(
    'leaves the old file and no temp file when %s fails',
    (step) => {
      expect(() => writeFileAtomicSync(target, 'new content\n', failing(step))).toThrow(`injected ${step} failure`);
      expect(fs.readFileSync(target, 'latin1')).toBe('old content\n');
      expect(entries()).toEqual(['sentinel.conf']);
    },
  );

  it('fails on a short write of zero bytes instead of looping', () => {
    const io: AtomicWriteIo = { ...NODE_IO, writeSync: () => 0 };
    expect(() => writeFileAtomicSync(target, 'new\n', io)).toThrow(/short write/);
    expect(fs.readFileSync(target, 'latin1')).toBe('old content\n');
    expect(entries()).toEqual(['sentinel.conf']);
  });

  it('fails cleanly when the directory does not exist', () => {
    expect(() => writeFileAtomicSync(path.join(dir, 'nope', 'x.conf'), 'x')).toThrow(/ENOENT/);
    expect(entries()).toEqual(['sentinel.conf']);
  });

  it('retries another temp name when one already exists', () => {
    let first = true;
    const io: AtomicWriteIo = {
      ...NODE_IO,
      openSync: (f, flags, mode) => {
        if (first && flags === 'wx') {
          first = false;
          throw Object.assign(new Error('exists'), { code: 'EEXIST' });
        }
        return NODE_IO.openSync(f, flags, mode);
      },
    };
    writeFileAtomicSync(target, 'again\n', io);
    expect(fs.readFileSync(target, 'latin1')).toBe('again\n');
    expect(entries()).toEqual(['sentinel.conf']);
  });

  it('reports a failed directory fsync after the new content is in place', () => {
    expect(() => writeFileAtomicSync(target, 'new\n', failing('fsyncSync', 2))).toThrow(/fsyncSync/);
    expect(fs.readFileSync(target, 'latin1')).toBe('new\n');
    expect(entries()).toEqual(['sentinel.conf']);
  });
});
