// Encoders and decoders for the binary payloads of the `y` event (see protocol.ts for the page
// that describes them). Decoders throw on malformed input; the one catch is at the socket edge.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageKind, SyncType } from './protocol.ts';

export type Message =
  | { kind: typeof MessageKind.sync; type: typeof SyncType.step1; stateVector: Uint8Array }
  | { kind: typeof MessageKind.sync; type: typeof SyncType.step2 | typeof SyncType.update; update: Uint8Array }
  | { kind: typeof MessageKind.awareness; update: Uint8Array };

/**
 * Same bytes as lib0's encoder writing kind, type and a varUint8Array, with the body copied once
 * into an exactly sized buffer (a layer's whole state can be hundreds of KB: lib0 copies it twice).
 */
export function encodeSync(type: SyncType, body: Uint8Array): Uint8Array {
  const head = encoding.createEncoder();
  encoding.writeVarUint(head, MessageKind.sync);
  encoding.writeVarUint(head, type);
  encoding.writeVarUint(head, body.length);
  const h = encoding.toUint8Array(head);
  const out = new Uint8Array(h.length + body.length);
  out.set(h, 0);
  out.set(body, h.length);
  return out;
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageKind.awareness);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

export function decodeMessage(payload: Uint8Array): Message {
  const d = decoding.createDecoder(payload);
  const kind = decoding.readVarUint(d);
  if (kind === MessageKind.sync) {
    const type = decoding.readVarUint(d);
    const body = decoding.readVarUint8Array(d);
    if (type === SyncType.step1) return { kind, type, stateVector: body };
    if (type === SyncType.step2 || type === SyncType.update) return { kind, type, update: body };
    throw new Error(`unknown sync message type ${type}`);
  }
  if (kind === MessageKind.awareness) return { kind, update: decoding.readVarUint8Array(d) };
  throw new Error(`unknown message kind ${kind}`);
}

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: Record<string, unknown> | null;
}
export const AWARENESS_LIMITS = { entries: 64, stateChars: 8192 } as const;

/** Decodes a y-protocols awareness update fully, so nothing is applied from a half-valid one. */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const d = decoding.createDecoder(update);
  const n = decoding.readVarUint(d);
  if (n > AWARENESS_LIMITS.entries) throw new Error(`awareness update has ${n} entries, limit ${AWARENESS_LIMITS.entries}`);
  const out: AwarenessEntry[] = [];
  for (let i = 0; i < n; i++) {
    const clientId = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    const json = decoding.readVarString(d);
    if (json.length > AWARENESS_LIMITS.stateChars) throw new Error('awareness state too large');
    const state: unknown = JSON.parse(json);
    if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new Error('awareness state must be an object or null');
    out.push({ clientId, clock, state: state as Record<string, unknown> | null });
  }
  return out;
}
