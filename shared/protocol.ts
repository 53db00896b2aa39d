// The wire contract between the browser/Node provider and the sync hub: socket.io event names and
// maps, the binary message kinds inside them, and the error codes a client may see.
//
// Wire format (one page): every real-time payload travels as the socket.io event `y` with
// arguments (layer: LayerName, payload: Uint8Array[, ack]). Both ends use the socket.io parser in
// wire-parser.ts (clients get it from client/sync/socket.ts): a `y` event is ONE binary websocket
// frame [0x79][varuint ack id + 1, 0 = none][varstring layer][payload]; every other packet is
// socket.io's default text encoding. A default-parser client cannot read `y` frames.
// The payload starts with a varuint message kind (MessageKind) followed by a y-protocols body:
//   sync      → varuint sync type (0 step1 | 1 step2 | 2 update) + varUint8Array body
//   awareness → varUint8Array awareness update
// Handshake: `join` (ack { layer, writable }), then the hub sends the awareness states present;
// the client sends sync step 1 (its state vector); the hub answers with its own step 1 (empty when
// the client held nothing and the hub's copy is still as loaded) and then step 2 (what the client lacks), in
// that order; the client answers the hub's step 1 with step 2 (what the hub lacks).
// Client → server sync step2/update messages carry a socket.io ack; the hub answers it only after
// the SQLite transaction holding the update committed (`{ data: { durable: true } }`), or with
// `{ error }` when the update was refused (the client then re-syncs).
import type { LayerName } from './ids.ts';

export const MessageKind = { sync: 0, awareness: 1 } as const;
export type MessageKind = (typeof MessageKind)[keyof typeof MessageKind];

/** y-protocols sync message types (the numbers are y-protocols' own). */
export const SyncType = { step1: 0, step2: 1, update: 2 } as const;
export type SyncType = (typeof SyncType)[keyof typeof SyncType];

export const ErrorCode = {
  badRequest: 'bad_request',
  badMessage: 'bad_message',
  badLayer: 'bad_layer',
  notJoined: 'not_joined',
  tooLarge: 'too_large',
  rateLimited: 'rate_limited',
  unauthenticated: 'unauthenticated',
  forbidden: 'forbidden',
  readOnly: 'read_only',
  invalidUpdate: 'invalid_update',
  /** A handshake carried another user's change the server does not have (lost in a crash): resync without it. */
  foreignWrite: 'foreign_write',
  missingDependencies: 'missing_dependencies',
  notFound: 'not_found',
  conflict: 'conflict',
  unavailable: 'unavailable',
  internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface WireError {
  code: ErrorCode;
  message: string;
  /** For a refused update: the value it was refused for, as `map.key` (e.g. `spans.s1`). */
  key?: string;
}
/** Acknowledgements are shaped `{ error } | { data }`. */
export type Ack<T> = { error: WireError } | { data: T };

export interface JoinResult {
  layer: LayerName;
  /** False when the user may only read this layer (updates will be refused). */
  writable: boolean;
}

export const Event = {
  join: 'join',
  leave: 'leave',
  y: 'y',
  layerError: 'layer-error',
  layerAccess: 'layer-access',
} as const;

/** Binary arrives as Buffer in Node and ArrayBuffer in the browser. */
export type BinaryIn = Uint8Array | ArrayBuffer;

export interface ClientToServerEvents {
  join: (layer: string, ack: (res: Ack<JoinResult>) => void) => void;
  leave: (layer: string, ack?: (res: Ack<null>) => void) => void;
  y: (layer: string, payload: BinaryIn, ack?: (res: Ack<{ durable: true }>) => void) => void;
}

export interface ServerToClientEvents {
  y: (layer: LayerName, payload: BinaryIn) => void;
  /** An error about a layer that no ack could carry (e.g. a refused awareness update). */
  'layer-error': (layer: string, error: WireError) => void;
  /**
   * This connection's right on a layer it has open changed while it was open (the layer was
   * submitted or reopened, the user's role changed): from now on its updates are accepted or
   * refused accordingly. Sent at once, so a screen need not wait for its next refresh.
   */
  'layer-access': (layer: string, access: { writable: boolean }) => void;
}

export const toUint8Array = (b: BinaryIn): Uint8Array =>
  b instanceof Uint8Array ? b : new Uint8Array(b);
