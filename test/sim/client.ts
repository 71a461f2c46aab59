/**
 * A scenario/test client: one connection from the `cli` node to a data node or a sentinel,
 * collecting every frame it receives (replies and pushes) in order.
 */
import type { Reply } from '../../src/resp/values.js';
import type { SimContext } from './context.js';
import type { Conn } from './net.js';

export const CLI_NODE = 'cli';
export const CLI_IP = '10.0.0.250';

export class SimClient {
  readonly frames: Reply[] = [];
  up = false;
  downReason: string | null = null;
  private readonly conn: Conn;

  constructor(
    private readonly ctx: SimContext,
    ip: string,
    port: number,
    onFrame?: (frame: Reply) => void,
    onDown?: (reason: string) => void,
  ) {
    this.conn = ctx.net.connect(CLI_NODE, CLI_IP, ip, port, {
      onUp: () => {
        this.up = true;
      },
      onFrame: (frame) => {
        this.frames.push(frame);
        onFrame?.(frame);
      },
      onDown: (reason) => {
        this.downReason = reason;
        onDown?.(reason);
      },
    });
  }

  send(...argv: string[]): void {
    this.ctx.net.request(this.conn, argv);
  }

  close(): void {
    this.ctx.net.closeByClient(this.conn);
  }

  /** The frames received since the last call. */
  take(): Reply[] {
    return this.frames.splice(0);
  }
}
