// Minimal typings for redis-parser 3 (it ships none): the RESP2 reply parser ioredis 4 used.
declare module 'redis-parser' {
  interface ParserOptions {
    returnReply(reply: unknown): void;
    returnError(error: Error): void;
    returnFatalError?(error: Error): void;
    returnBuffers?: boolean;
    stringNumbers?: boolean;
  }
  export default class RedisParser {
    constructor(options: ParserOptions);
    execute(data: Buffer): void;
    reset(): void;
  }
}
