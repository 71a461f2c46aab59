/**
 * Server-level rename-command (core/commands/renames.ts): which typed names reach which
 * command, chains of renames in file order, removal, and COMMAND COUNT.
 */
import { describe, expect, it } from 'vitest';
import { CommandNames } from '../../../src/core/commands/renames.js';

const ORIGINALS = ['ping', 'sentinel', 'shutdown', 'info'];

describe('server rename-command names', () => {
  it('maps a new name (any case) to the command and forgets the old one', () => {
    const names = new CommandNames(ORIGINALS, [{ from: 'PING', to: 'Pong2' }]);
    expect(names.ownName('pong2')).toBe('ping');
    expect(names.ownName('PONG2')).toBe('ping');
    expect(names.ownName('ping')).toBeUndefined();
    expect(names.ownName('INFO')).toBe('info');
    expect(names.count).toBe(4);
  });

  it('follows renames in file order and removes commands renamed to ""', () => {
    const names = new CommandNames(ORIGINALS, [{ from: 'ping', to: 'p1' }, { from: 'p1', to: 'p2' }, { from: 'shutdown', to: '' }]);
    expect(names.ownName('p1')).toBeUndefined();
    expect(names.ownName('p2')).toBe('ping');
    expect(names.ownName('shutdown')).toBeUndefined();
    expect(names.present('shutdown')).toBe(false);
    expect(names.present('ping')).toBe(true);
    expect(names.count).toBe(3);
  });

  it('renames only the container of a container|subcommand name', () => {
    const names = new CommandNames(ORIGINALS, [{ from: 'sentinel', to: 'sent' }]);
    expect(names.ownFullName('SENT|MyId')).toBe('sentinel|myid');
    expect(names.ownFullName('sentinel|myid')).toBeUndefined();
    expect(names.ownFullName('sent')).toBe('sentinel');
  });

  it('leaves every name alone without renames', () => {
    const names = new CommandNames(ORIGINALS, []);
    for (const n of ORIGINALS) expect(names.ownName(n.toUpperCase())).toBe(n);
    expect(names.count).toBe(ORIGINALS.length);
  });
});
