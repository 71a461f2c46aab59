/**
 * SUBSCRIBE, PSUBSCRIBE, UNSUBSCRIBE, PUNSUBSCRIBE and PUBLISH. Sequences were captured from
 * redis-sentinel 7.0.15 on one connection each (RESP2, then RESP3 after HELLO 3); Redis
 * unsubscribes "all" in hash order, vigil in subscription order, so the captured sequences
 * unsubscribe one channel at a time before the catch-all.
 */
import { describe, expect, it } from 'vitest';
import { publish } from '../../../src/core/events.js';
import { Batch } from '../../../src/core/batch.js';
import { ServerBox } from '../acl/server-box.js';

const RESP2_SEQUENCE: readonly (readonly [readonly string[], string])[] = [
  [['UNSUBSCRIBE'], '*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n'],
  [['PUNSUBSCRIBE'], '*3\r\n$12\r\npunsubscribe\r\n$-1\r\n:0\r\n'],
  [['SUBSCRIBE', 'a', 'b', 'a'], '*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:2\r\n'],
  [['PSUBSCRIBE', 'p*', 'p*'], '*3\r\n$10\r\npsubscribe\r\n$2\r\np*\r\n:3\r\n*3\r\n$10\r\npsubscribe\r\n$2\r\np*\r\n:3\r\n'],
  [['PING'], '*2\r\n$4\r\npong\r\n$0\r\n\r\n'],
  [['PING', 'x'], '*2\r\n$4\r\npong\r\n$1\r\nx\r\n'],
  [['ROLE'], "-ERR Can't execute 'role': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n"],
  [['UNSUBSCRIBE', 'zz'], '*3\r\n$11\r\nunsubscribe\r\n$2\r\nzz\r\n:3\r\n'],
  [['PUNSUBSCRIBE'], '*3\r\n$12\r\npunsubscribe\r\n$2\r\np*\r\n:2\r\n'],
  [['UNSUBSCRIBE', 'b'], '*3\r\n$11\r\nunsubscribe\r\n$1\r\nb\r\n:1\r\n'],
  [['UNSUBSCRIBE'], '*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:0\r\n'],
  [['PING'], '+PONG\r\n'],
];

const RESP3_SEQUENCE: readonly (readonly [readonly string[], string])[] = [
  [['UNSUBSCRIBE'], '>3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n'],
  [['PUNSUBSCRIBE'], '>3\r\n$12\r\npunsubscribe\r\n_\r\n:0\r\n'],
  [['SUBSCRIBE', 'a', 'b'], '>3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n>3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n'],
  [['PSUBSCRIBE', 'p*'], '>3\r\n$10\r\npsubscribe\r\n$2\r\np*\r\n:3\r\n'],
  [['PING'], '+PONG\r\n'],
  [['ROLE'], '*2\r\n$8\r\nsentinel\r\n*1\r\n$8\r\nmymaster\r\n'],
  [['UNSUBSCRIBE', 'b'], '>3\r\n$11\r\nunsubscribe\r\n$1\r\nb\r\n:2\r\n'],
  [['UNSUBSCRIBE'], '>3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:1\r\n'],
  [['PUNSUBSCRIBE', 'q', 'p*'], '>3\r\n$12\r\npunsubscribe\r\n$1\r\nq\r\n:1\r\n>3\r\n$12\r\npunsubscribe\r\n$2\r\np*\r\n:0\r\n'],
];

const SINGLE: readonly (readonly [readonly string[], string])[] = [
  [['SUBSCRIBE'], "-ERR wrong number of arguments for 'subscribe' command\r\n"],
  [['PSUBSCRIBE'], "-ERR wrong number of arguments for 'psubscribe' command\r\n"],
  [['PUBLISH', 'x'], "-ERR wrong number of arguments for 'publish' command\r\n"],
  [['PUBLISH', 'chan', 'msg'], '-ERR Only HELLO messages are accepted by Sentinel instances.\r\n'],
  [['PUBLISH', '__sentinel__:hello', 'garbage'], ':1\r\n'],
  [['PUBLISH', '__SENTINEL__:hello', 'garbage'], '-ERR Only HELLO messages are accepted by Sentinel instances.\r\n'],
];

const NOPERM_CHANNELS = '-NOPERM this user has no permissions to access one of the channels used as arguments\r\n';

describe('pub/sub answers like redis-sentinel 7.0.15', () => {
  it('RESP2: confirmations, counts, the subscribed-context rules and the pong pair', () => {
    const box = new ServerBox();
    box.master('mymaster');
    for (const [argv, bytes] of RESP2_SEQUENCE) expect({ argv, got: box.run(argv).bytes }).toEqual({ argv, got: bytes });
  });

  it('RESP3: push frames, and any command allowed while subscribed', () => {
    const box = new ServerBox();
    box.master('mymaster');
    box.run(['HELLO', '3']);
    for (const [argv, bytes] of RESP3_SEQUENCE) expect({ argv, got: box.run(argv).bytes }).toEqual({ argv, got: bytes });
  });

  it.each(SINGLE)('%j', (argv, bytes) => {
    expect(new ServerBox().bytes(2, argv)).toBe(bytes);
    expect(new ServerBox().bytes(3, argv)).toBe(bytes);
  });

  it('unsubscribing from everything confirms every channel in subscription order', () => {
    const box = new ServerBox();
    box.run(['SUBSCRIBE', 'c', 'a', 'b']);
    expect(box.run(['UNSUBSCRIBE']).bytes).toBe(
      '*3\r\n$11\r\nunsubscribe\r\n$1\r\nc\r\n:2\r\n*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:1\r\n*3\r\n$11\r\nunsubscribe\r\n$1\r\nb\r\n:0\r\n',
    );
  });
});

describe('PUBLISH __sentinel__:hello', () => {
  it('is not delivered to local subscribers', () => {
    const box = new ServerBox();
    box.run(['PSUBSCRIBE', '*'], 2);
    box.run(['SUBSCRIBE', '__sentinel__:hello'], 3);
    const { ready } = box.run(['PUBLISH', '__sentinel__:hello', '127.0.0.1,26379,x,0,m,127.0.0.1,6379,0']);
    expect(ready.actions).toEqual([{ kind: 'reply', clientId: 1, proto: 2, reply: { t: 'int', v: 1 } }]);
  });
});

describe('channel ACL rules (user with resetchannels &ch* +@all), as captured', () => {
  const steps: readonly (readonly [readonly string[], string])[] = [
    [['AUTH', 'bob', 'pw'], '+OK\r\n'],
    [['PUBLISH', '__sentinel__:hello', 'x'], NOPERM_CHANNELS],
    [['PUBLISH', 'foo', 'x'], NOPERM_CHANNELS],
    [['SUBSCRIBE', 'chx', 'other'], NOPERM_CHANNELS],
    [['PSUBSCRIBE', 'ch*', 'c*'], NOPERM_CHANNELS],
    [['UNSUBSCRIBE', 'zzz'], '*3\r\n$11\r\nunsubscribe\r\n$3\r\nzzz\r\n:0\r\n'],
    [['SUBSCRIBE', 'chx'], '*3\r\n$9\r\nsubscribe\r\n$3\r\nchx\r\n:1\r\n'],
  ];

  it('refuses the whole command when one channel is not allowed, and logs that channel', () => {
    const box = new ServerBox({ users: [{ name: 'bob', rules: ['on', '>pw', 'resetchannels', '&ch*', '+@all'] }] });
    for (const [argv, bytes] of steps) expect({ argv, got: box.run(argv).bytes }).toEqual({ argv, got: bytes });
    const log = box.run(['ACL', 'LOG'], 9).replies[0];
    const objects = log?.t === 'array' ? log.v.map((e) => (e.t === 'map' ? e.v[3]![1] : null)) : [];
    expect(objects).toEqual([
      { t: 'bulk', v: 'c*' },
      { t: 'bulk', v: 'other' },
      { t: 'bulk', v: 'foo' },
      { t: 'bulk', v: '__sentinel__:hello' },
    ]);
  });

  it('narrowing the channel rules closes pub/sub connections that lost their channels', () => {
    const box = new ServerBox({ users: [{ name: 'bob', rules: ['on', 'nopass', 'allchannels', '+@all'] }] });
    box.run(['AUTH', 'bob', 'x'], 2);
    box.run(['SUBSCRIBE', 'ch1'], 2);
    box.run(['AUTH', 'bob', 'x'], 3);
    box.run(['PSUBSCRIBE', 'ch*'], 3);
    // From allchannels, Redis sees no old pattern missing and keeps everyone.
    expect(box.run(['ACL', 'SETUSER', 'bob', 'resetchannels', '&ch1']).ready.actions.filter((a) => a.kind === 'close-client')).toEqual([]);
    const { ready } = box.run(['ACL', 'SETUSER', 'bob', 'resetchannels', '&ch2']);
    expect(ready.actions.filter((a) => a.kind === 'close-client')).toEqual([
      { kind: 'close-client', clientId: 2 },
      { kind: 'close-client', clientId: 3 },
    ]);
  });
});

describe('events reach pattern subscribers exactly when the glob matches', () => {
  it.each([
    ['*', '+sdown', true],
    ['[-+]sdown', '-sdown', true],
    ['[-+]sdown', '+odown', false],
    ['+s?own', '+sdown', true],
    ['switch-master', '+switch-master', false],
  ])('PSUBSCRIBE %s gets %s: %s', (pattern, channel, delivered) => {
    const box = new ServerBox();
    box.run(['PSUBSCRIBE', pattern], 2);
    const batch = new Batch();
    publish(box.core.env.clients, batch, channel, 'master m 127.0.0.1 6379');
    expect(batch.actions.length).toBe(delivered ? 1 : 0);
  });
});
