// A light real-time client on a RawSocket: joins a layer, runs the sync handshake without a
// Y.Doc (it holds nothing, so it answers the hub's state vector with an empty update), optionally
// shows presence, and leaves. Used by the soak churn and the reconnect storm, where thousands of
// full clients would make the generator, not the server, the bottleneck.
import * as encoding from 'lib0/encoding';
import { decodeMessage, encodeAwareness, encodeSync } from '../../shared/messages.ts';
import { MessageKind, SyncType, type Ack } from '../../shared/protocol.ts';
import { RawSocket } from '../helpers/raw-socket.ts';

const EMPTY_SV = new Uint8Array([0]);
const EMPTY_UPDATE = new Uint8Array([0, 0]);

/** Resolves once the hub's sync step 2 for `layer` arrived on `s` (the handshake is done). */
export function handshake(s: RawSocket, layer: string, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`handshake on ${layer} timed out`)), timeoutMs);
    const prev = s.onEvent;
    s.onEvent = (e) => {
      prev(e);
      if (e.event !== 'y' || e.args[0] !== layer || !(e.args[1] instanceof Uint8Array)) return;
      const m = decodeMessage(e.args[1]);
      if (m.kind !== MessageKind.sync) return;
      if (m.type === SyncType.step1) void s.emit('y', [layer, encodeSync(SyncType.step2, EMPTY_UPDATE)], true);
      if (m.type === SyncType.step2) {
        clearTimeout(timer);
        s.onEvent = prev;
        resolve();
      }
    };
    void s.closed.then(() => {
      clearTimeout(timer);
      reject(new Error('closed during the handshake'));
    });
    void s.emit('join', [layer], true).then(([res]) => {
      if ('error' in (res as Ack<unknown>)) {
        clearTimeout(timer);
        reject(new Error(`join refused: ${JSON.stringify(res)}`));
        return;
      }
      void s.emit('y', [layer, encodeSync(SyncType.step1, EMPTY_SV)], true);
    });
  });
}

/** An awareness update for one client id, as y-protocols encodes it. */
export function presence(clientId: number, clock: number, name: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, clientId);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, JSON.stringify({ user: { name, color: '#336699' }, selection: null }));
  return encodeAwareness(encoding.toUint8Array(e));
}

/** One join/leave cycle: join, handshake, show presence, then leave (or drop the connection). */
export async function cycle(s: RawSocket, layer: string, clientId: number, how: 'leave' | 'drop'): Promise<void> {
  await handshake(s, layer);
  await s.emit('y', [layer, presence(clientId, 1, 'churn')], true);
  if (how === 'leave') await s.emit('leave', [layer], true);
  else s.close();
}
