/**
 * strerror() for Node system errors: operators compare vigil's logs with redis-sentinel's, so a
 * failed open, bind or connect is described in the C library's words ("Connection refused"),
 * not Node's ("connect ECONNREFUSED 127.0.0.1:6379"). Unknown codes fall back to Node's message.
 */
const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EROFS: 'Read-only file system',
  EISDIR: 'Is a directory',
  EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  ENOSPC: 'No space left on device',
  EPERM: 'Operation not permitted',
  ENOTDIR: 'Not a directory',
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  ECONNABORTED: 'Software caused connection abort',
  ETIMEDOUT: 'Connection timed out',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  EPIPE: 'Broken pipe',
  EINVAL: 'Invalid argument',
  EAFNOSUPPORT: 'Address family not supported by protocol',
};

/** The C library's strerror() text for a Node system error. */
export function strerror(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code !== undefined) {
    const text = ERRNO_TEXT[code];
    if (text !== undefined) return text;
  }
  return e instanceof Error ? e.message : String(e);
}
