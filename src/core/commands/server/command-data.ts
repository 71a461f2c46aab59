/**
 * The COMMAND INFO / COMMAND DOCS data captured from redis-sentinel 7.0.15 by
 * scripts/capture-command-docs.mjs (protocol/commands/*.json), turned into ready-to-send
 * replies for both protocols and into the metadata (arity, flags, ACL categories) that the
 * command table and the ACL use. Nothing here is typed by hand: the wire shape is the capture.
 */
import aclJson from '../../../../protocol/commands/acl.json' with { type: 'json' };
import authJson from '../../../../protocol/commands/auth.json' with { type: 'json' };
import clientJson from '../../../../protocol/commands/client.json' with { type: 'json' };
import commandJson from '../../../../protocol/commands/command.json' with { type: 'json' };
import helloJson from '../../../../protocol/commands/hello.json' with { type: 'json' };
import infoJson from '../../../../protocol/commands/info.json' with { type: 'json' };
import pingJson from '../../../../protocol/commands/ping.json' with { type: 'json' };
import psubscribeJson from '../../../../protocol/commands/psubscribe.json' with { type: 'json' };
import publishJson from '../../../../protocol/commands/publish.json' with { type: 'json' };
import punsubscribeJson from '../../../../protocol/commands/punsubscribe.json' with { type: 'json' };
import roleJson from '../../../../protocol/commands/role.json' with { type: 'json' };
import sentinelJson from '../../../../protocol/commands/sentinel.json' with { type: 'json' };
import shutdownJson from '../../../../protocol/commands/shutdown.json' with { type: 'json' };
import subscribeJson from '../../../../protocol/commands/subscribe.json' with { type: 'json' };
import unsubscribeJson from '../../../../protocol/commands/unsubscribe.json' with { type: 'json' };
import type { Reply } from '../../../resp/values.js';
import { encodeTree, isTree, type RespTree } from './resp-tree.js';

export interface CapturedCommand {
  /** Lower-case `name` or `container|sub`. */
  readonly fullName: string;
  readonly arity: number;
  readonly flags: readonly string[];
  /** ACL categories without the `@`. */
  readonly categories: readonly string[];
  /** The COMMAND INFO entry. */
  readonly info: Reply;
  /** The COMMAND DOCS value (the map after the name). */
  readonly docs: Reply;
  readonly subcommands: readonly CapturedCommand[];
}

const FILES: readonly unknown[] = [
  aclJson, authJson, clientJson, commandJson, helloJson, infoJson, pingJson, psubscribeJson,
  publishJson, punsubscribeJson, roleJson, sentinelJson, shutdownJson, subscribeJson, unsubscribeJson,
];

/** The sentinel's commands, top level, in name order (subcommands inside, also by name). */
export const CAPTURED_COMMANDS: readonly CapturedCommand[] = FILES.map(loadFile);

const BY_NAME = new Map<string, CapturedCommand>();
for (const cmd of CAPTURED_COMMANDS) {
  BY_NAME.set(cmd.fullName, cmd);
  for (const sub of cmd.subcommands) BY_NAME.set(sub.fullName, sub);
}

/**
 * Redis's lookupCommandBySds: `name` or `container|sub`, case-insensitive; a `|` on a command
 * without subcommands, or more than one `|`, names nothing.
 */
export function findCaptured(name: string): CapturedCommand | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** The arity Redis declares for `fullName`; throws for names it does not have. */
export function capturedArity(fullName: string): number {
  const cmd = BY_NAME.get(fullName);
  if (cmd === undefined) throw new Error(`no captured command ${fullName}`);
  return cmd.arity;
}

function loadFile(file: unknown): CapturedCommand {
  if (typeof file !== 'object' || file === null || !('info' in file) || !('docs' in file)) {
    throw new Error('protocol/commands: malformed capture file');
  }
  return fromTrees(checked(file.info), checked(file.docs));
}

function checked(value: unknown): RespTree {
  if (!isTree(value)) throw new Error('protocol/commands: value is not a RESP tree');
  return value;
}

/** Builds one command (and its subcommands) from its COMMAND INFO entry and DOCS value. */
function fromTrees(info: RespTree, docs: RespTree): CapturedCommand {
  if (!isArray(info) || info.length < 10) throw new Error('protocol/commands: bad COMMAND INFO entry');
  const [name, arity, flags, categories, subs] = [info[0], info[1], info[2]!, info[6]!, info[9]];
  if (typeof name !== 'string' || typeof arity !== 'number') throw new Error('protocol/commands: bad name or arity');
  const subDocs = new Map(mapPairs(docs).filter(([k]) => k === 'subcommands').flatMap(([, v]) => mapPairs(v)));
  const subcommands = subs !== undefined && isArray(subs)
    ? subs.map((sub) => {
        const subName = isArray(sub) ? sub[0] : null;
        const subDoc = typeof subName === 'string' ? subDocs.get(subName) : undefined;
        if (subDoc === undefined) throw new Error(`protocol/commands: no docs for ${String(subName)}`);
        return fromTrees(sub, subDoc);
      })
    : [];
  return {
    fullName: name,
    arity,
    flags: simpleStrings(flags),
    categories: simpleStrings(categories).map((c) => c.replace(/^@/, '')),
    info: encodeTree(info),
    docs: encodeTree(docs),
    subcommands,
  };
}

function simpleStrings(tree: RespTree): string[] {
  const items = tree !== null && typeof tree === 'object' && '~' in tree ? tree['~'] : [];
  return items.flatMap((item) => (item !== null && typeof item === 'object' && '+' in item ? [item['+']] : []));
}

function mapPairs(tree: RespTree): [string, RespTree][] {
  if (tree === null || typeof tree !== 'object' || !('%' in tree)) return [];
  const pairs: [string, RespTree][] = [];
  for (const [k, v] of tree['%']) if (typeof k === 'string') pairs.push([k, v]);
  return pairs;
}

function isArray(tree: RespTree): tree is readonly RespTree[] {
  return Array.isArray(tree);
}
