/**
 * Sending hellos (§7.4): `PUBLISH __sentinel__:hello <8 fields>` on the command link of masters,
 * replicas and peers. The fields: our ip (announce-ip, else the local address of that command
 * connection), our port (announce-port, else tls-port with tls-replication, else port), our id,
 * the current epoch, then the master this instance belongs to: name, current address (announced
 * form; the promoted replica once the failover reached RECONF_SLAVES) and config epoch.
 * Without a usable ip no hello is sent. `lastPubTime` moves only when the PUBLISH is answered.
 */
import { announcedHost } from '../events.js';
import { currentMasterAddress, type AnyInstance, type MasterRecord } from '../state.js';
import { sendCommand } from './connections.js';
import { commandName, HELLO_CHANNEL, wiresOf, type MonitorContext } from './context.js';

export function sendHello(ctx: MonitorContext, instance: AnyInstance, master: MasterRecord): boolean {
  const cc = wiresOf(instance.link).cc;
  if (instance.link.disconnected || cc === null) return false;
  const { state } = ctx.env;
  const ip = state.settings.announceIp ?? cc.localIp;
  if (ip === '') return false;
  const addr = currentMasterAddress(master);
  // A template, not an array joined: this runs every 2 s for every master, replica and peer.
  const payload = `${ip},${announcedPort(ctx)},${state.myid},${state.currentEpoch},${master.name},${announcedHost(state, addr)},${addr.port},${master.configEpoch}`;
  return sendCommand(ctx, instance, master, [commandName(master, 'PUBLISH'), HELLO_CHANNEL, payload], 'hello');
}

function announcedPort(ctx: MonitorContext): number {
  const { settings } = ctx.env.state;
  if (settings.announcePort !== 0) return settings.announcePort;
  const { otherOptions, port } = ctx.env.server;
  const tlsPort = Number(otherOptions.get('tls-port') ?? '0');
  if (otherOptions.get('tls-replication') === 'yes' && tlsPort > 0) return tlsPort;
  return port;
}

/**
 * Makes the master, its replicas and its peers due for a hello on the next tick (used when a new
 * configuration must spread fast, e.g. a confirmed promotion): pushes `lastPubTime` back by
 * publish-period + 1 where that does not go below zero.
 */
export function forceHelloUpdate(ctx: MonitorContext, master: MasterRecord): void {
  const step = ctx.env.state.timing.publishPeriodMs + 1;
  for (const instance of [master, ...master.replicas.values(), ...master.sentinels.values()]) {
    if (instance.lastPubTime >= step) instance.lastPubTime -= step;
  }
}
