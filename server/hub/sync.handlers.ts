// Socket events of the sync hub: join, leave and `y` messages. Every payload is checked here, at
// the edge; one catch turns anything that throws into an error for the sender, never a crash.
import type { Socket } from 'socket.io';
import { parseLayerName } from '../../shared/layer-name.ts';
import { decodeMessage } from '../../shared/messages.ts';
import {
  ErrorCode,
  MessageKind,
  SyncType,
  toUint8Array,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type WireError,
} from '../../shared/protocol.ts';
import type { SessionUser } from '../auth/session-user.ts';
import type { Logger } from '../logger.ts';
import type { AccessDecision, LayerAccess } from './access.ts';
import type { Reauthorize } from './reauthorize.ts';
import type { LayerRegistry } from './layer.registry.ts';
import type { LiveLayer } from './live-layer.ts';
import { RefusalCounter, TokenBucket } from './flow-control.ts';
import { sendAck, unreadBytes } from './engine-write.ts';
import { Decoder } from '../../shared/wire-parser.ts';

export interface SocketData {
  user: SessionUser | null;
  /** The session (its token's hash) the socket was opened with: signing it out closes the socket. */
  session: string | null;
  layers: Map<string, LiveLayer>;
}
export type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface HubDeps {
  registry: LayerRegistry;
  access: LayerAccess;
  /** Rights re-checks running beside joins (see the join handler). */
  reauthorize: Reauthorize;
  log: Logger;
  maxMessageBytes: number;
  /** Layers one socket may have open at once. */
  maxLayersPerSocket: number;
  /** Messages per second one socket may send (bursts of twice that). */
  maxMessagesPerSec: number;
  /** Unread bytes after which a socket is dropped as a slow consumer. */
  maxUnreadBytes: number;
}

const fail = (code: WireError['code'], message: string): { error: WireError } => ({ error: { code, message } });
const isFn = (f: unknown): f is (...args: never[]) => void => typeof f === 'function';
type Reply<T> = (res: Ack<T>) => void;

export function registerSyncHandlers(socket: HubSocket, deps: HubDeps): void {
  const { registry, access, log } = deps;
  socket.data.layers ??= new Map();

  // Every event pays a token; one without gets `rate_limited`, and a socket that keeps sending
  // regardless (ten seconds' worth of refusals) is disconnected.
  const bucket = new TokenBucket(deps.maxMessagesPerSec, deps.maxMessagesPerSec * 2);
  const refusals = new RefusalCounter(deps.maxMessagesPerSec * 10);
  /** True when the event may go on; else it was refused (or the socket dropped). */
  const admit = (event: unknown, rawName: unknown, ack: Reply<never> | null): boolean => {
    if (bucket.take()) return true;
    if (refusals.add()) {
      log.warn({ user: socket.data.user?.username, socket: socket.id }, 'socket disconnected: it kept sending over the rate limit');
      socket.disconnect(true);
      return false;
    }
    const error: WireError = { code: ErrorCode.rateLimited, message: `more than ${deps.maxMessagesPerSec} messages per second; slow down` };
    if (ack) ack({ error });
    else if (event === 'y') socket.emit('layer-error', typeof rawName === 'string' ? rawName.slice(0, 200) : '', error);
    return false;
  };
  socket.use((event, next) => {
    const ack = event.at(-1);
    if (admit(event[0], event[1], isFn(ack) ? (ack as Reply<never>) : null)) next();
  });

  const leave = (name: string) => {
    const layer = socket.data.layers.get(name);
    if (!layer) return false;
    socket.data.layers.delete(name);
    void socket.leave(name);
    layer.removeMember(socket.id);
    registry.release(layer);
    return true;
  };

  socket.on('join', async (rawName: unknown, ack: unknown) => {
    if (!isFn(ack)) return;
    const reply = ack as (r: Ack<{ layer: string; writable: boolean }>) => void;
    try {
      const ref = parseLayerName(rawName);
      if (!ref) return reply(fail(ErrorCode.badLayer, 'not a layer name'));
      if (socket.data.layers.has(ref.name)) {
        const m = socket.data.layers.get(ref.name)!.members.get(socket.id);
        return reply({ data: { layer: ref.name, writable: m?.writable ?? false } });
      }
      if (socket.data.layers.size >= deps.maxLayersPerSocket) return reply(fail(ErrorCode.rateLimited, 'too many open layers'));
      // Decide, load the layer, and do both again while a re-check of rights started meanwhile (a
      // submit, reopen or membership change committed since may have passed this layer before
      // this member existed) or the layer left memory meanwhile (its last member left). Nothing
      // is awaited between the last decision and adding the member. A join that cannot settle
      // starts read-only and has its layer re-checked once it is a member, which tells it its right.
      let layer: LiveLayer | undefined;
      let decision: AccessDecision | undefined;
      let settled = false;
      for (let round = 0; round < 5 && !settled; round++) {
        const epoch = deps.reauthorize.epoch;
        decision = await access.authorize(socket.data.user, ref);
        if (!decision.ok) {
          if (layer) registry.release(layer);
          return reply({ error: decision.error });
        }
        if (!layer || registry.get(ref.name) !== layer) layer = await registry.acquire(ref.name, decision.ctx);
        settled = epoch === deps.reauthorize.epoch && registry.get(ref.name) === layer;
      }
      if (!layer || !decision?.ok || registry.get(ref.name) !== layer) {
        if (layer) registry.release(layer);
        return reply(fail(ErrorCode.internal, 'the layer is busy; open it again'));
      }
      if (socket.disconnected) {
        registry.release(layer);
        return;
      }
      if (socket.data.layers.has(ref.name)) {
        // An earlier join of this socket finished meanwhile (a client re-joining after a refusal
        // and a reconnect): answer this one too, or the client waits for an ack that never comes.
        registry.release(layer);
        const m = socket.data.layers.get(ref.name)!.members.get(socket.id);
        return reply({ data: { layer: ref.name, writable: m?.writable ?? false } });
      }
      layer.ctx = decision.ctx;
      // A layer being submitted takes no new writer until its set is stored (LayerService.submit).
      const writable = settled && decision.writable && !deps.reauthorize.frozen(ref.name);
      layer.members.set(socket.id, { socketId: socket.id, writable, told: writable, writer: socket.data.user?.id ?? null, clientIds: new Set() });
      socket.data.layers.set(ref.name, layer);
      await socket.join(ref.name);
      reply({ data: { layer: ref.name, writable } });
      if (!settled) void deps.reauthorize((n) => n === ref.name);
      // Who is here. Our state vector follows the client's sync step 1 (see below).
      const aw = layer.awarenessSnapshot();
      if (aw) socket.emit('y', ref.name, aw);
    } catch (err) {
      log.error({ err }, 'join failed');
      reply(fail(ErrorCode.internal, 'could not open the layer'));
    }
  });

  socket.on('leave', (rawName: unknown, ack?: unknown) => {
    const ok = typeof rawName === 'string' && leave(rawName);
    if (isFn(ack)) (ack as (r: Ack<null>) => void)(ok ? { data: null } : fail(ErrorCode.notJoined, 'not in that layer'));
  });

  const onY = (rawName: unknown, payload: unknown, reply: Reply<{ durable: true }> | null): void => {
    const refuse = (code: WireError['code'], message: string, key?: string) => {
      const error: WireError = key === undefined ? { code, message } : { code, message, key };
      if (reply) reply({ error });
      else socket.emit('layer-error', typeof rawName === 'string' ? rawName.slice(0, 200) : '', error);
    };
    try {
      const layer = typeof rawName === 'string' ? socket.data.layers.get(rawName) : undefined;
      if (!layer) return refuse(ErrorCode.notJoined, 'join the layer before sending to it');
      const member = layer.members.get(socket.id);
      if (!member) return refuse(ErrorCode.notJoined, 'join the layer before sending to it');
      if (!(payload instanceof Uint8Array) && !(payload instanceof ArrayBuffer)) {
        return refuse(ErrorCode.badMessage, 'payload must be binary');
      }
      const bytes = toUint8Array(payload);
      if (bytes.byteLength > deps.maxMessageBytes) {
        return refuse(ErrorCode.tooLarge, `message of ${bytes.byteLength} bytes exceeds the limit of ${deps.maxMessageBytes}`);
      }
      const msg = decodeMessage(bytes);
      if (msg.kind === MessageKind.awareness) {
        const err = layer.applyAwareness(msg.update, member);
        if (err) return refuse(err.code, err.message);
        return reply?.({ data: { durable: true } });
      }
      if (msg.type === SyncType.step1) {
        // A client that does not read what it asked for is dropped before its backlog grows
        // without bound (an answer can be the whole layer); it resyncs when it reconnects.
        if (unreadBytes(socket) > deps.maxUnreadBytes) {
          log.warn({ user: socket.data.user?.username, socket: socket.id }, 'socket disconnected: it does not read what it asks for');
          socket.disconnect(true);
          return;
        }
        // Our state vector, so the client sends what we lack, then what the client lacks, in this
        // order (see LiveLayer.step1For: the client must read our step 1 before our step 2).
        const diff = layer.diffFor(msg.stateVector); // first: it throws on a malformed vector
        socket.emit('y', layer.name, layer.step1For(msg.stateVector));
        socket.emit('y', layer.name, diff);
        return reply?.({ data: { durable: true } });
      }
      const result = layer.applyClientUpdate(msg.update, member, msg.type === SyncType.step2);
      if (!(result instanceof Promise)) return refuse(result.code, result.message, result.key);
      if (reply) void result.then(() => reply({ data: { durable: true } }));
    } catch (err) {
      refuse(ErrorCode.badMessage, `malformed message: ${(err as Error).message || 'decode failed'}`);
    }
  };
  socket.on('y', (rawName: unknown, payload: unknown, ack?: unknown) => onY(rawName, payload, isFn(ack) ? (ack as Reply<{ durable: true }>) : null));

  // `y` frames, the hot path, skip socket.io's event dispatch (a packet object, an ack closure, the
  // middleware chain) and its ack packets (see engine-write.ts): the hub's parser hands them over
  // as they are decoded. Two ticks later, as socket.io would emit them, so the order with the
  // socket's other events is unchanged. They pay the same token as any event.
  // As socket.io does: a frame for a namespace the connection left closes the connection; one that
  // was in flight when the socket disconnected is dropped; an ack is sent at most once.
  const decoder = (socket.client as unknown as { decoder?: unknown }).decoder;
  if (decoder instanceof Decoder) {
    decoder.onYFrame = (f) => {
      if (!socket.connected) {
        socket.conn.close();
        return;
      }
      process.nextTick(() =>
        process.nextTick(() => {
          if (!socket.connected) return;
          const id = f.id;
          let sent = false;
          const reply =
            id === undefined
              ? null
              : <T>(res: Ack<T>) => {
                  if (sent) return;
                  sent = true;
                  sendAck(socket, id, res);
                };
          if (admit('y', f.layer, reply)) onY(f.layer, f.payload, reply);
        }),
      );
    };
  }

  socket.on('disconnect', () => {
    for (const name of [...socket.data.layers.keys()]) leave(name);
  });
}
