/**
 * Every way a sentinel.conf can fail to load, with the line number, echoed line and message
 * redis-sentinel 7.0.15 prints (each row was observed by starting the real binary on it).
 */
import { describe, expect, it } from 'vitest';
import { formatFatalConfigError } from '../../../src/persistence/config-load.js';
import { load } from './helpers.js';

const M = 'sentinel monitor m 127.0.0.1 6379 1';
const RID = 'a'.repeat(40);

/** [file text, line number, message]; the echoed line is that line of the text, trimmed. */
const CASES: readonly (readonly [string, number, string])[] = [
  ['port 70000', 1, 'argument must be between 0 and 65535 inclusive'],
  ['port abc', 1, "argument couldn't be parsed into an integer"],
  ['port 06379', 1, "argument couldn't be parsed into an integer"],
  ['port +6379', 1, "argument couldn't be parsed into an integer"],
  ['port', 1, 'wrong number of arguments'],
  ['port 1 2', 1, 'wrong number of arguments'],
  ['daemonize maybe', 1, "argument must be 'yes' or 'no'"],
  ['loglevel foo', 1, 'argument(s) must be one of the following: debug, verbose, notice, warning'],
  ['enable-debug-command maybe', 1, 'argument(s) must be one of the following: no, yes, local'],
  ['propagation-error-behavior x', 1, 'argument(s) must be one of the following: ignore, panic, panic-on-replicas'],
  ['shutdown-on-sigint x', 1, 'argument(s) must be one of the following: default, save, nosave, now, force'],
  ['shutdown-on-sigint save nosave', 1, "shutdown options SAVE and NOSAVE can't be used simultaneously"],
  ['hz abc', 1, "argument couldn't be parsed into an integer"],
  ['maxclients 0', 1, 'argument must be between 1 and 4294967295 inclusive'],
  ['socket-mark-id -1', 1, 'argument must be between 0 and 4294967295 inclusive'],
  ['client-query-buffer-limit 12', 1, 'argument must be between 1048576 and 9223372036854775807 inclusive'],
  ['client-query-buffer-limit 1x', 1, 'argument must be a memory value'],
  ['proto-max-bulk-len 12', 1, 'argument must be between 1048576 and 9223372036854775807 inclusive'],
  ['maxmemory-clients abc', 1, 'argument must be a memory or percent value'],
  ['maxmemory-clients 200%', 1, 'percentage argument must be less or equal to 100'],
  ['unixsocketperm 999', 1, "argument couldn't be parsed as an octal number"],
  ['unixsocketperm 1777', 1, 'argument must be between 0 and 777 inclusive'],
  ['client-output-buffer-limit pubsub 32mb 8mb', 1, 'Wrong number of arguments in buffer limit configuration.'],
  ['client-output-buffer-limit foo 32mb 8mb 60', 1, 'Invalid client class specified in buffer limit configuration.'],
  ['client-output-buffer-limit master 3mb 8mb 60', 1, 'Invalid client class specified in buffer limit configuration.'],
  ['client-output-buffer-limit pubsub 3x 8mb 60', 1, 'Error in hard, soft or soft_seconds setting in buffer limit configuration.'],
  ['client-output-buffer-limit pubsub 1 1 -1', 1, 'Error in hard, soft or soft_seconds setting in buffer limit configuration.'],
  ['notify-keyspace-events xyz', 1, "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."],
  ['oom-score-adj-values 1 2', 1, 'wrong number of arguments'],
  ['oom-score-adj-values 1 2 3000', 1, 'Invalid oom-score-adj-values, elements must be between -2000 and 2000.'],
  ['replicaof 1.2.3.4 abc', 1, 'Invalid master port'],
  ['replicaof 1.2.3.4', 1, 'wrong number of arguments'],
  ['bind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17', 1, 'Too many bind addresses specified.'],
  ['save 1', 1, 'Invalid save parameters'],
  ['save 0 1', 1, 'Invalid save parameters'],
  ['dbfilename a/b', 1, "dbfilename can't be a path, just a filename"],
  ['appendfilename ""', 1, "appendfilename can't be empty"],
  ['latency-tracking-info-percentiles 50 200', 1, 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]'],
  ['latency-tracking-info-percentiles abc', 1, 'Invalid latency-tracking-info-percentiles parameters'],
  ['requirepass a b', 1, 'wrong number of arguments'],
  ['foo bar', 1, 'Bad directive or wrong number of arguments'],
  ['user', 1, 'Bad directive or wrong number of arguments'],
  ['include', 1, 'Bad directive or wrong number of arguments'],
  ['x.y', 1, 'Module config specified without value'],
  ['"unbalanced', 1, 'Unbalanced quotes in configuration line'],
  ['rename-command FOO BAR', 1, 'No such command in rename-command'],
  ['rename-command GET BAR', 1, 'No such command in rename-command'],
  ['rename-command PING P1\nrename-command PING P2', 2, 'No such command in rename-command'],
  ['rename-command PING INFO', 1, 'Target command name already exists'],
  ['log-format yaml', 1, 'argument(s) must be one of the following: json, text'],
  // user lines: Redis quotes the word two places before the failing rule
  ['user bob badrule', 1, "Error in user declaration 'user': Syntax error"],
  ['user bob on badrule', 1, "Error in user declaration 'bob': Syntax error"],
  ['user bob on >a >b bad', 1, "Error in user declaration '>a': Syntax error"],
  ['user bob on #abc', 1, "Error in user declaration 'bob': The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters"],
  ['user bob on <nonexist', 1, "Error in user declaration 'bob': The password you are trying to remove from the user does not exist"],
  ['user bob on %X~x', 1, "Error in user declaration 'bob': Syntax error"],
  ['user bob on %RWR~x', 1, "Error in user declaration 'bob': Syntax error"],
  ['user bob on (~x badrule)', 1, "Error in user declaration 'bob': Syntax error"],
  ['user bob on (on)', 1, "Error in user declaration 'bob': Syntax error"],
  ['user bob on "(~x"', 1, "Error in user declaration 'bob': Unknown command or category name in ACL"],
  ['user bob on allkeys ~x', 1, "Error in user declaration 'on': Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns"],
  ['user bob on allchannels &x', 1, "Error in user declaration 'on': Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels"],
  ['user bob\nuser bob off', 2, "Error in user declaration 'bob': Duplicate user found. A user can only be defined once in config files"],
  ['user default off\nuser default on', 2, "Error in user declaration 'default': Duplicate user found. A user can only be defined once in config files"],
  // sentinel lines
  ['sentinel foo', 1, 'Unrecognized sentinel configuration statement.'],
  ['sentinel monitor m 127.0.0.1 6379 1 extra', 1, 'Unrecognized sentinel configuration statement.'],
  ['sentinel monitor m 127.0.0.1 6399 0', 1, 'Quorum must be 1 or greater.'],
  ['sentinel monitor m 127.0.0.1 70000 1', 1, 'Invalid port number.'],
  ['sentinel monitor m 127.0.0.1 -5 1', 1, 'Invalid port number.'],
  ['sentinel monitor m localhost 6379 1', 1, "Can't resolve instance hostname."],
  [`${M}\nsentinel monitor m 127.0.0.1 6380 1`, 2, 'Duplicate master name.'],
  ['sentinel down-after-milliseconds m 10', 1, 'No such master with specified name.'],
  [`${M}\nsentinel down-after-milliseconds m 0`, 2, 'negative or zero time parameter.'],
  [`${M}\nsentinel failover-timeout m -1`, 2, 'negative or zero time parameter.'],
  [`${M}\nsentinel master-reboot-down-after-period m -1`, 2, 'negative time parameter.'],
  [`${M}\nsentinel known-replica m 127.0.0.1 6380\nsentinel known-slave m 127.0.0.1 6380`, 3, 'Duplicate hostname and port for replica.'],
  [`${M}\nsentinel known-replica m localhost 6380`, 2, "Can't resolve instance hostname."],
  [`${M}\nsentinel known-sentinel m 127.0.0.1 26380 ${RID}\nsentinel known-sentinel m 127.0.0.1 26381 ${RID}`, 3, 'Duplicate runid for sentinel.'],
  [`${M}\nsentinel rename-command m PING P1\nsentinel rename-command m ping P2`, 3, 'Same command renamed multiple times with rename-command.'],
  ['sentinel myid abc', 1, 'Malformed Sentinel id in myid option.'],
  ['sentinel deny-scripts-reconfig maybe', 1, 'Please specify yes or no for the deny-scripts-reconfig options.'],
  ['sentinel resolve-hostnames maybe', 1, 'Please specify yes or no for the resolve-hostnames option.'],
  ['sentinel announce-hostnames maybe', 1, 'Please specify yes or no for the announce-hostnames option.'],
  ['sentinel known-replica m 127.0.0.1 6380', 1, 'No such master with specified name.'],
  ['sentinel current-epoch', 1, 'Unrecognized sentinel configuration statement.'],
  ['sentinel known-sentinel m 1.1.1.1', 1, 'Unrecognized sentinel configuration statement.'],
];

describe('config load errors', () => {
  it.each(CASES)('%j fails at line %i with Redis\'s message', (text, lineNumber, message) => {
    const r = load(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual({ lineNumber, line: text.split('\n')[lineNumber - 1]!.trim(), message });
  });

  it('reports a bad script path only if the probe says it is not executable', () => {
    const notify = `${M}\nsentinel notification-script m /nonexist`;
    expect(load(notify, { isExecutable: () => false })).toMatchObject({
      ok: false,
      error: { lineNumber: 2, message: 'Notification script seems non existing or non executable.' },
    });
    const reconf = `${M}\nsentinel client-reconfig-script m /etc/passwd`;
    expect(load(reconf, { isExecutable: (p) => p !== '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { lineNumber: 2, message: 'Client reconfiguration script seems non existing or non executable.' },
    });
  });

  it('echoes the trimmed line and counts physical lines, comments and blanks included', () => {
    const r = load('# c\n\n   port   70000  \r\n');
    expect(r).toMatchObject({ ok: false, error: { lineNumber: 3, line: 'port   70000' } });
  });

  it('reports server-line errors before any sentinel-line error, whatever the order', () => {
    const r = load('sentinel foo\nport x');
    expect(r).toMatchObject({ ok: false, error: { lineNumber: 2, line: 'port x' } });
  });

  it('numbers command-line lines after the file and a joining newline', () => {
    expect(load('port 41124\n', { extraLines: ['daemonize "no"', 'loglevel "verbose"', 'port "70000"'] })).toMatchObject({
      ok: false,
      error: { lineNumber: 5, line: 'port "70000"', message: 'argument must be between 0 and 65535 inclusive' },
    });
    expect(load('port 41124', { extraLines: ['daemonize "no"', 'port "70000"'] })).toMatchObject({ ok: false, error: { lineNumber: 3 } });
  });

  it('checks the log file and the directory through the host probes', () => {
    expect(load('logfile /nonexistent/x.log', { logfileError: () => 'No such file or directory' })).toEqual({
      ok: false,
      error: { lineNumber: 0, line: '', message: "Can't open the log file: No such file or directory" },
    });
    expect(load('dir /nonexistent/x', { dirError: () => 'No such file or directory' })).toMatchObject({
      ok: false,
      error: { lineNumber: 1, message: 'No such file or directory' },
    });
  });

  it('makes the checks Redis makes after loading (ACL file with users, spaces in names)', () => {
    expect(load('aclfile /tmp/x.acl\nuser bob on')).toMatchObject({ ok: false, error: { lineNumber: 0 } });
    expect(load('user "bo b" on')).toEqual({ ok: false, error: { lineNumber: 0, line: '', message: 'Spaces not allowed in ACL usernames' } });
  });
});

describe('formatFatalConfigError', () => {
  it('prints the banner, the line and the message exactly as redis-sentinel does', () => {
    expect(formatFatalConfigError({ lineNumber: 3, line: "sentinel myid abc", message: 'Malformed Sentinel id in myid option.' })).toBe(
      "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 3\n>>> 'sentinel myid abc'\nMalformed Sentinel id in myid option.\n",
    );
  });

  it('leaves out the line part for errors found after the last line', () => {
    expect(formatFatalConfigError({ lineNumber: 0, line: '', message: "Can't open the log file: Permission denied" })).toBe(
      "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nCan't open the log file: Permission denied\n",
    );
  });
});
