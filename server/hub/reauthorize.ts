// Re-checks the rights of every connection in the live layers a change touched (a submit, a
// reopen, a membership or schema change), so it takes effect at once, not at the next join, and
// tells each connection whose right changed (`layer-access`), so its screen follows at once too.
import type { Server } from 'socket.io';
import { parseLayerName } from '../../shared/layer-name.ts';
import { ErrorCode } from '../../shared/protocol.ts';
import type { LayerAccess } from './access.ts';
import type { LayerRegistry } from './layer.registry.ts';
import type { SocketData } from './sync.handlers.ts';

export type Reauthorize = (which: (layerName: string) => boolean) => Promise<void>;

export function createReauthorize(io: Server, registry: LayerRegistry, access: LayerAccess): Reauthorize {
  return async (which) => {
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
          member.writable = decision.writable;
          layer.ctx = decision.ctx;
          if (member.told !== decision.writable) {
            member.told = decision.writable;
            socket.emit('layer-access', name, { writable: decision.writable });
          }
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
}
