// Connections to our server. Measuring clients use the real socket.io-client (what browsers
// run). Passive sockets and light writers speak socket.io's websocket framing by hand over `ws`:
// a socket.io-client per passive connection would make the generator, not the server, the
// bottleneck (each binary event is decoded, buffered and reassembled in JS).
import WebSocket from 'ws';
import { decodeMessage, encodeAwareness, encodeSync } from '../../shared/messages.ts';
import { SyncType, toUint8Array, type Ack, type BinaryIn } from '../../shared/protocol.ts';
import { decodeYFrame, encodeYFrame } from '../../shared/wire-parser.ts';
import { connectSocket } from '../../client/sync/socket.ts';
import { EMPTY_SV, EMPTY_UPDATE, type Conn, type Opener } from './wire.ts';

type AckFn = (ms: number, ok: boolean) => void;
const now = () => performance.now();

/** The real client library; same handshake as client/sync/provider.ts, plus ack timing. */
export const openOursFull: Opener = (port, layer, hooks) =>
  new Promise((resolve, reject) => {
    const socket = connectSocket(`http://127.0.0.1:${port}`, { forceNew: true, reconnection: false });
    const emitY = (payload: Uint8Array, onAck?: AckFn) => {
      const t = now();
      socket.emit('y', layer, payload, (res: Ack<{ durable: true }>) => onAck?.(now() - t, 'data' in res));
    };
    const conn: Conn = {
      send: (u, onAck) => emitY(encodeSync(SyncType.update, u), onAck),
      sendAwareness: (u) => socket.emit('y', layer, encodeAwareness(u)),
      close: () => socket.disconnect(),
    };
    let ready = false;
    socket.on('connect_error', (err) => (ready ? undefined : reject(err)));
    if (hooks.onClose) socket.on('disconnect', hooks.onClose);
    socket.on('connect', () => {
      socket.emit('join', layer, (res) => {
        if ('error' in res) return reject(new Error(res.error.message));
        socket.emit('y', layer, encodeSync(SyncType.step1, hooks.stateVector?.() ?? EMPTY_SV));
      });
    });
    socket.on('y', (_name: string, payload: BinaryIn) => {
      const m = decodeMessage(toUint8Array(payload));
      if (m.kind !== 0) {
        if (m.kind === 1) hooks.onAwareness?.(m.update);
        return;
      }
      if (m.type === SyncType.step1) return emitY(encodeSync(SyncType.step2, hooks.diff?.(m.stateVector) ?? EMPTY_UPDATE));
      hooks.onUpdate?.(m.update);
      if (m.type === SyncType.step2 && !ready) {
        ready = true;
        resolve(conn);
      }
    });
  });

const C0 = 0x30; // '0'

/**
 * socket.io over raw websocket frames (engine.io v4, socket.io v5 packets, the hub's parser):
 *   server "0{…}" open → client "40" connect → server "40{sid}";
 *   event with ack  "42<id>[…]", its ack "43<id>[…]";
 *   `y` event       one binary frame (shared/wire-parser.ts: tag, ack id + 1, layer, payload);
 *   ping "2" → pong "3".
 * Only sync step 1/2 are decoded (for the handshake); everything else is dropped by peeking at
 * the first payload bytes.
 */
export const openOursRaw: Opener = (port, layer, hooks) =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false });
    const L = JSON.stringify(layer);
    let nextId = 1;
    const acks = new Map<number, (ok: boolean) => void>();
    const withAck = (f: (ok: boolean) => void) => {
      const id = nextId++;
      acks.set(id, f);
      return id;
    };
    const emitY = (payload: Uint8Array, onAck?: AckFn) => {
      const t = now();
      const id = withAck((ok) => onAck?.(now() - t, ok));
      ws.send(encodeYFrame(layer, payload, id));
    };
    const conn: Conn = {
      send: (u, onAck) => emitY(encodeSync(SyncType.update, u), onAck),
      sendAwareness: (u) => ws.send(encodeYFrame(layer, encodeAwareness(u))),
      close: () => ws.terminate(),
    };
    let ready = false;
    ws.on('error', (err) => (ready ? undefined : reject(err)));
    if (hooks.onClose) ws.on('close', hooks.onClose);
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        // Header: tag, ack id + 1 (0 from the server), layer length, layer (names here are < 128 bytes).
        const at = 3 + data[2]!;
        if (data[at] !== 0) {
          // Awareness: dropped unless the connection asked for it (only capacity.bench.ts does).
          if (hooks.onAwareness && data[at] === 1) {
            const m = decodeMessage(decodeYFrame(data).payload);
            if (m.kind === 1) hooks.onAwareness(m.update);
          }
          return;
        }
        const type = data[at + 1];
        if (type === SyncType.step1) {
          const m = decodeMessage(decodeYFrame(data).payload);
          if (m.kind === 0 && m.type === SyncType.step1) emitY(encodeSync(SyncType.step2, hooks.diff?.(m.stateVector) ?? EMPTY_UPDATE));
          return;
        }
        if (hooks.onUpdate) {
          const m = decodeMessage(decodeYFrame(data).payload);
          if (m.kind === 0 && m.type !== SyncType.step1) hooks.onUpdate(m.update);
        }
        if (type === SyncType.step2 && !ready) {
          ready = true;
          resolve(conn);
        }
        return;
      }
      const s = data.toString();
      if (s === '2') return ws.send('3');
      if (data[0] === C0) return ws.send('40');
      if (s.startsWith('40')) {
        const id = withAck((ok) => {
          if (!ok) return reject(new Error(`join ${layer} refused`));
          ws.send(encodeYFrame(layer, encodeSync(SyncType.step1, hooks.stateVector?.() ?? EMPTY_SV)));
        });
        return ws.send(`42${id}["join",${L}]`);
      }
      if (s.startsWith('43')) {
        const open = s.indexOf('[');
        const id = Number(s.slice(2, open));
        const f = acks.get(id);
        acks.delete(id);
        f?.(!s.includes('"error"', open));
        return;
      }
      if (s.startsWith('44')) reject(new Error(`socket.io connect refused: ${s}`));
    });
  });
