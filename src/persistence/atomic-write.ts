/**
 * Replaces a file so that a crash leaves either the old or the new content, never a mix: a
 * temp file in the same directory (`<path>.XXXXXX`, created exclusively), written fully,
 * fsynced, chmod 0644 & ~umask, renamed over the target, then the directory fsynced so the
 * rename itself is durable. On any failure before the rename the temp file is removed and the
 * old file is untouched. The only I/O in persistence/; text is a latin1 byte string.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The filesystem calls used, injectable so tests can make each one fail. */
export interface AtomicWriteIo {
  openSync(file: string, flags: string, mode: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  fchmodSync(fd: number, mode: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(file: string): void;
  umask(): number;
}

export const NODE_IO: AtomicWriteIo = {
  openSync: (f, flags, mode) => fs.openSync(f, flags, mode),
  writeSync: (fd, b, o, l) => fs.writeSync(fd, b, o, l),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  fchmodSync: (fd, mode) => fs.fchmodSync(fd, mode),
  closeSync: (fd) => fs.closeSync(fd),
  renameSync: (a, b) => fs.renameSync(a, b),
  unlinkSync: (f) => fs.unlinkSync(f),
  // Reading the umask means setting it; put it straight back (single-threaded, so no race).
  umask: () => {
    const mask = process.umask(0o022);
    process.umask(mask);
    return mask;
  },
};

const TEMP_ATTEMPTS = 100;

/** mkstemp: a fresh name with six random characters, created with O_EXCL. */
function createTemp(target: string, io: AtomicWriteIo): { fd: number; file: string } {
  for (let attempt = 0; ; attempt++) {
    const file = `${target}.${randomBytes(6).toString('base64url').slice(0, 6)}`;
    try {
      return { fd: io.openSync(file, 'wx', 0o600), file };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= TEMP_ATTEMPTS) throw e;
    }
  }
}

function writeAll(fd: number, bytes: Uint8Array, io: AtomicWriteIo): void {
  let offset = 0;
  while (offset < bytes.length) {
    const n = io.writeSync(fd, bytes, offset, bytes.length - offset);
    if (n <= 0) throw new Error(`short write to config temp file after ${offset} bytes`);
    offset += n;
  }
}

export function writeFileAtomicSync(target: string, text: string, io: AtomicWriteIo = NODE_IO): void {
  const { fd, file } = createTemp(target, io);
  let open = true;
  try {
    writeAll(fd, Buffer.from(text, 'latin1'), io);
    io.fsyncSync(fd);
    io.fchmodSync(fd, 0o644 & ~io.umask());
    io.closeSync(fd);
    open = false;
    io.renameSync(file, target);
  } catch (e) {
    if (open) {
      try {
        io.closeSync(fd);
      } catch {
        /* the write error is the one to report */
      }
    }
    try {
      io.unlinkSync(file);
    } catch {
      /* already gone */
    }
    throw e;
  }
  fsyncDirectory(path.dirname(target), io);
}

/** Makes the rename durable; a failure here is reported although the new content is in place. */
function fsyncDirectory(dir: string, io: AtomicWriteIo): void {
  const fd = io.openSync(dir, 'r', 0);
  try {
    io.fsyncSync(fd);
  } finally {
    io.closeSync(fd);
  }
}
