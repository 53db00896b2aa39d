// Re-checks the rights of every connection in the live layers a change touched (a submit, a
// reopen, a membership or schema change), so it takes effect at once, not at the next join, and
// tells each connection whose right changed (`layer-access`), so its screen follows at once too.
// Joins run beside it: `epoch` and `frozen` let a join that decided before a change decide
// again (see the join handler in sync.handlers.ts), so no connection keeps a right it lost.
import type { Server, Socket } from 'socket.io';
import { parseLayerName } from '../../shared/layer-name.ts';
import { ErrorCode } from '../../shared/protocol.ts';
import type { LayerAccess } from './access.ts';
import type { LayerRegistry } from './layer.registry.ts';
import type { Member } from './live-layer.ts';
import type { SocketData } from './sync.handlers.ts';

export interface Reauthorize {
  (which: (layerName: string) => boolean): Promise<void>;
  /** Bumped as each re-check starts (after the change it follows is committed). */
  readonly epoch: number;
  /** Marks a layer as being submitted until the returned function is called: connections joining it meanwhile start read-only. */
  freeze(layerName: string): () => void;
  frozen(layerName: string): boolean;
}

/** Sets a member's right, and tells its connection when that differs from what it was last told. */
function setRight(socket: Socket, layerName: string, member: Member, writable: boolean): void {
  member.writable = writable;
  if (member.told === writable) return;
  member.told = writable;
  socket.emit('layer-access', layerName, { writable });
}

export function createReauthorize(io: Server, registry: LayerRegistry, access: LayerAccess): Reauthorize {
  let epoch = 0;
  const freezing = new Map<string, number>(); // layer → submits under way
  const run = async (which: (layerName: string) => boolean) => {
    epoch++;
    for (const name of registry.names().filter(which)) {
      const layer = registry.get(name);
      const ref = parseLayerName(name);
      if (!layer || !ref) continue;
      for (const [socketId, member] of [...layer.members]) {
        const socket = io.sockets.sockets.get(socketId);
        if (!socket) continue;
        const data = socket.data as SocketData;
        const decision = await access.authorize(data.user, ref);
        if (decision.ok) {
          layer.ctx = decision.ctx;
          setRight(socket, name, member, decision.writable && !freezing.has(name));
          continue;
        }
        data.layers.delete(name);
        void socket.leave(name);
        layer.removeMember(socketId);
        registry.release(layer);
        socket.emit('layer-error', name, { code: ErrorCode.forbidden, message: 'you no longer have access to this layer' });
      }
    }
  };
  // defineProperty, not Object.assign: assign would copy the getter's value once, not the getter.
  Object.defineProperty(run, 'epoch', { get: () => epoch });
  return Object.assign(run as typeof run & { readonly epoch: number }, {
    freeze(layerName: string) {
      freezing.set(layerName, (freezing.get(layerName) ?? 0) + 1);
      let done = false;
      return () => {
        if (done) return;
        done = true;
        const n = (freezing.get(layerName) ?? 1) - 1;
        if (n > 0) freezing.set(layerName, n);
        else freezing.delete(layerName);
      };
    },
    frozen: (layerName: string) => freezing.has(layerName),
  });
}
