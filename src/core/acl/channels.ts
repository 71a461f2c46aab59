/**
 * Which arguments of a command are Pub/Sub channels the ACL checks: PUBLISH's channel, every
 * SUBSCRIBE channel and every PSUBSCRIBE pattern. UNSUBSCRIBE and PUNSUBSCRIBE are never
 * checked (a client may always drop a subscription), as in Redis 7.0.
 */
export interface ChannelArg {
  readonly index: number;
  /** PSUBSCRIBE patterns are compared literally with the ACL's patterns. */
  readonly pattern: boolean;
}

export function channelArgs(fullName: string, argv: readonly string[]): ChannelArg[] {
  switch (fullName) {
    case 'publish':
      return argv.length > 1 ? [{ index: 1, pattern: false }] : [];
    case 'subscribe':
    case 'psubscribe':
      return argv.slice(1).map((_, i) => ({ index: i + 1, pattern: fullName === 'psubscribe' }));
    default:
      return [];
  }
}
