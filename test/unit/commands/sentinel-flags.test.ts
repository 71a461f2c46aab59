import { describe, expect, it } from 'vitest';
import { instanceFlags } from '../../../src/core/commands/sentinel/instance-replies.js';
import { DEFAULT_TIMING, newMaster, newReplica } from '../../../src/core/state.js';

describe('instance flags', () => {
  const master = newMaster('m', { host: '127.0.0.1', ip: '127.0.0.1', port: 6379 }, 2, DEFAULT_TIMING, 0);

  it('shows a healthy linked replica as exactly `slave`', () => {
    const replica = newReplica(master, { host: '127.0.0.1', ip: '127.0.0.1', port: 6380 }, 0);
    replica.link.disconnected = false;
    expect(instanceFlags(replica).join(',')).toBe('slave');
  });

  it('shows a replica timed out in reconf_sent and sent again as both sent and done, as 7.0.15 does', () => {
    const replica = newReplica(master, { host: '127.0.0.1', ip: '127.0.0.1', port: 6380 }, 0);
    replica.link.disconnected = false;
    replica.reconf = 'sent';
    replica.reconfDoneByTimeout = true;
    expect(instanceFlags(replica).join(',')).toBe('slave,reconf_sent,reconf_done');
  });
});
