// One connection of a load generator to one layer, over either server. The generator code is the
// same for both; only the opener differs. Incoming messages are decoded only when the connection
// has an `onUpdate` hook, so passive connections cost the generator almost nothing.
import * as Y from 'yjs';
import WebSocket from 'ws';
import { decodeMessage, encodeAwareness, encodeSync } from '../../shared/messages.ts';
import { SyncType } from '../../shared/protocol.ts';

export interface ConnHooks {
  /** Remote update bodies (sync step 2 and updates). Absent: incoming updates are dropped. */
  onUpdate?: (update: Uint8Array) => void;
  /** Our answer to the server's sync step 1 (default: an empty update). */
  diff?: (stateVector: Uint8Array) => Uint8Array;
  /** Our state vector for our own sync step 1 (default: empty). */
  stateVector?: () => Uint8Array;
  /** Awareness update bodies (y-protocols' encodeAwarenessUpdate). Absent: awareness is dropped. */
  onAwareness?: (update: Uint8Array) => void;
  /** The connection closed (by either side) after it was opened. */
  onClose?: () => void;
}

export interface Conn {
  /** Sends an update; `onAck` gets the ms until the durable ack (ours only: the peer never acks). */
  send(update: Uint8Array, onAck?: (ms: number, ok: boolean) => void): void;
  /** Sends an awareness update body, without an ack (as client/sync/provider.ts does). */
  sendAwareness(update: Uint8Array): void;
  close(): void;
}

/** Resolves once the handshake is done (the server's sync step 2 has arrived). */
export type Opener = (port: number, layer: string, hooks: ConnHooks) => Promise<Conn>;

export const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());
export const EMPTY_SV = Y.encodeStateVector(new Y.Doc());

/** Wall-clock ms with sub-ms precision; senders and measuring receivers share one process. */
export const clock = (): number => performance.timeOrigin + performance.now();

/**
 * A y-websocket client, as the peer speaks it: binary frames [varuint 0=sync|1=awareness, body].
 * The sync body is the same as ours, so shared/messages.ts encodes it.
 */
export const openPeer: Opener = (port, layer, hooks) =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/${layer}`, { perMessageDeflate: false });
    let ready = false;
    const conn: Conn = {
      send: (update) => ws.send(encodeSync(SyncType.update, update)),
      sendAwareness: (update) => ws.send(encodeAwareness(update)),
      close: () => ws.terminate(),
    };
    ws.on('open', () => ws.send(encodeSync(SyncType.step1, hooks.stateVector?.() ?? EMPTY_SV)));
    ws.on('error', (err) => (ready ? undefined : reject(err)));
    if (hooks.onClose) ws.on('close', hooks.onClose);
    ws.on('message', (data: Buffer) => {
      if (data[0] !== 0) {
        // Awareness: dropped unless the connection asked for it (only capacity.bench.ts does).
        if (hooks.onAwareness && data[0] === 1) {
          const m = decodeMessage(data);
          if (m.kind === 1) hooks.onAwareness(m.update);
        }
        return;
      }
      const type = data[1];
      if (type === SyncType.step1) {
        const m = decodeMessage(data);
        if (m.kind === 0 && m.type === SyncType.step1) ws.send(encodeSync(SyncType.step2, hooks.diff?.(m.stateVector) ?? EMPTY_UPDATE));
        return;
      }
      if (hooks.onUpdate) {
        const m = decodeMessage(data);
        if (m.kind === 0 && m.type !== SyncType.step1) hooks.onUpdate(m.update);
      }
      if (type === SyncType.step2 && !ready) {
        ready = true;
        resolve(conn);
      }
    });
  });
