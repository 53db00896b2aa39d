// The client side of the sync contract, for the browser and for Node tests alike: joins a layer
// over a socket.io connection, runs the handshake, sends local updates and awareness, and keeps a
// status the UI can show truthfully: `saving` until the server's durable ack, `saved` after.
// Local edits made offline stay in the Y.Doc and go out in the handshake after reconnecting.
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { ObservableV2 } from 'lib0/observable';
import { decodeMessage, encodeAwareness, encodeSync } from '../../shared/messages.ts';
import {
  ErrorCode,
  MessageKind,
  SyncType,
  toUint8Array,
  type Ack,
  type BinaryIn,
  type WireError,
} from '../../shared/protocol.ts';
import { TouchedKeys, reapply } from './touched-keys.ts';
import { usesWireParser, type ClientSocket } from './socket.ts';

export type { ClientSocket } from './socket.ts';
export type SyncStatus = 'connecting' | 'saving' | 'saved' | 'offline' | 'refused';

type Events = {
  status: (s: SyncStatus) => void;
  /** True once the server's state has arrived after a (re)join. */
  synced: (synced: boolean) => void;
  /** An error the server sent about this layer (refused update, refused join…). */
  error: (e: WireError) => void;
  /** The local doc was replaced after the server refused an update; rebind to the new doc. */
  doc: (doc: Y.Doc, awareness: awarenessProtocol.Awareness) => void;
  /** The server changed whether this connection may write the layer (submitted, reopened…). */
  access: (writable: boolean) => void;
};

export class SyncProvider extends ObservableV2<Events> {
  doc!: Y.Doc;
  awareness!: awarenessProtocol.Awareness;
  status: SyncStatus = 'connecting';
  synced = false;
  writable = false;
  /** The server has our state vector exchange done: live updates may be sent. */
  private live = false;
  private unacked = 0;
  /** Local changes not covered by a sent message in this connection. */
  private dirty = false;
  /** Bumped on every (re)join and disconnect, so late acks of an earlier connection are ignored. */
  private generation = 0;
  private destroyed = false;
  private touched = new TouchedKeys();
  /** After refused updates: the old docs whose unsaved edits are re-applied, in order, once synced. */
  private carries: Array<{ old: Y.Doc; keys: Set<string> }> = [];
  /** Refusals since the last save: when re-applied edits keep being refused, they are dropped. */
  private refusedInRow = 0;
  private unbindDoc: Array<() => void> = [];
  private readonly unbindSocket: Array<() => void> = [];

  constructor(
    readonly socket: ClientSocket,
    readonly layer: string,
    doc: Y.Doc = new Y.Doc(),
  ) {
    super();
    // A default-parser socket would connect, then silently never read a `y` message: fail loudly.
    if (!usesWireParser(socket)) throw new Error('SyncProvider needs a socket from connectSocket() (client/sync/socket.ts)');
    this.attach(doc);
    const on = <E extends 'connect' | 'disconnect' | 'y' | 'layer-error' | 'layer-access'>(ev: E, f: (...a: never[]) => void) => {
      socket.on(ev, f as never);
      this.unbindSocket.push(() => socket.off(ev, f as never));
    };
    on('connect', () => this.join());
    on('disconnect', () => this.onDisconnect());
    on('y', (name: string, payload: BinaryIn) => name === this.layer && this.onMessage(toUint8Array(payload)));
    on('layer-error', (name: string, e: WireError) => {
      if (name !== this.layer) return;
      // The server withdrew an update it had relayed (LiveLayer.withdrawRelay): start afresh, quietly.
      if (e.code === ErrorCode.foreignWrite) this.onRefused(e, true);
      else this.emit('error', [e]);
    });
    on('layer-access', (name: string, access: { writable?: unknown }) => {
      if (name !== this.layer || typeof access?.writable !== 'boolean') return;
      this.writable = access.writable;
      this.emit('access', [access.writable]);
    });
    if (socket.connected) this.join();
    else this.setStatus(socket.active ? 'connecting' : 'offline');
  }

  /** Resolves when every local change is durable on the server. */
  whenSaved(): Promise<void> {
    return this.when('saved');
  }

  when(status: SyncStatus): Promise<void> {
    if (this.status === status) return Promise.resolve();
    return new Promise((resolve) => {
      const h = (s: SyncStatus) => {
        if (s !== status) return;
        this.off('status', h);
        resolve();
      };
      this.on('status', h);
    });
  }

  private attach(doc: Y.Doc): void {
    this.doc = doc;
    this.awareness = new awarenessProtocol.Awareness(doc);
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      if (this.live && this.socket.connected) this.send(encodeSync(SyncType.update, update));
      else {
        this.dirty = true;
        if (this.status === 'saved') this.setStatus('saving');
      }
    };
    const onTx = (tr: Y.Transaction) => {
      if (tr.origin !== this) this.touched.record(tr);
    };
    const onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin !== 'local' || !this.live || !this.socket.connected) return;
      const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...added, ...updated, ...removed]);
      this.socket.emit('y', this.layer, encodeAwareness(update));
    };
    doc.on('update', onUpdate);
    doc.on('afterTransaction', onTx);
    this.awareness.on('update', onAwareness);
    this.unbindDoc = [() => doc.off('update', onUpdate), () => doc.off('afterTransaction', onTx), () => this.awareness.off('update', onAwareness)];
  }

  private join(): void {
    // Offline, socket.io would buffer the join and send it on reconnect next to the one the
    // connect handler sends: two joins in flight. The connect handler joins.
    if (this.destroyed || !this.socket.connected) return;
    const gen = ++this.generation;
    this.live = false;
    this.unacked = 0;
    this.setStatus('connecting');
    this.socket.emit('join', this.layer, (res: Ack<{ layer: string; writable: boolean }>) => {
      if (gen !== this.generation) return;
      if ('error' in res) {
        this.setStatus('refused');
        this.emit('error', [res.error]);
        return;
      }
      this.writable = res.data.writable;
      this.socket.emit('y', this.layer, encodeSync(SyncType.step1, Y.encodeStateVector(this.doc)));
    });
  }

  private onMessage(payload: Uint8Array): void {
    let msg;
    try {
      msg = decodeMessage(payload);
    } catch {
      return; // the server sends only what it encoded; a broken frame is dropped, not fatal
    }
    if (msg.kind === MessageKind.awareness) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, msg.update, this);
      return;
    }
    if (msg.type === SyncType.step1) {
      // The server's state vector: answer with everything it lacks (offline edits included).
      this.dirty = false;
      this.live = true;
      this.send(encodeSync(SyncType.step2, Y.encodeStateAsUpdate(this.doc, msg.stateVector)), true);
      if (this.awareness.getLocalState() !== null) {
        const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]);
        this.socket.emit('y', this.layer, encodeAwareness(update));
      }
      return;
    }
    Y.applyUpdate(this.doc, msg.update, this);
    if (msg.type === SyncType.step2) {
      for (const c of this.carries) reapply(c.old, this.doc, c.keys);
      this.carries = [];
      this.synced = true;
      this.emit('synced', [true]);
    }
  }

  private send(message: Uint8Array, handshake = false): void {
    const gen = this.generation;
    this.unacked++;
    this.setStatus('saving');
    this.socket.emit('y', this.layer, message, (res: Ack<{ durable: true }>) => {
      if (gen !== this.generation) return;
      this.unacked--;
      if ('error' in res) return this.onRefused(res.error, handshake);
      if (this.unacked === 0 && !this.dirty) {
        this.touched.clear();
        this.refusedInRow = 0;
        this.setStatus('saved');
      }
    });
  }

  private onRefused(e: WireError, handshake: boolean): void {
    // Our handshake carried another user's change that the server lost in a crash (peers see an
    // update before it is durable): not this user's doing, so no error; drop it and resync.
    const stale = handshake && e.code === ErrorCode.foreignWrite;
    if (!stale) this.emit('error', [e]);
    if (e.code === ErrorCode.readOnly) {
      this.setStatus('refused');
      return;
    }
    if (e.code === ErrorCode.invalidUpdate || e.code === ErrorCode.foreignWrite) {
      // The server never took the refused items, so nothing built on them can be accepted either:
      // start from the server's state in a fresh doc and re-apply every unsaved local edit but
      // the refused one. A refusal that names no key, or a third in a row, would only repeat
      // itself: then the unsaved edits are given up (the error above says why) instead of looping.
      // A second refusal can come before the first resync's step 2: the edits carried from
      // before stay, and are re-applied first. A stale refusal is nobody's fault: it does not count.
      const keys = this.touched.take();
      if (e.key !== undefined) for (const k of [keys, ...this.carries.map((c) => c.keys)]) k.delete(e.key);
      if (!stale && (e.key === undefined ? this.refusedInRow > 0 : this.refusedInRow >= 3)) {
        keys.clear();
        this.carries = [];
      }
      if (!stale) this.refusedInRow++;
      const old = this.doc;
      for (const f of this.unbindDoc) f();
      this.awareness.destroy();
      this.attach(new Y.Doc());
      this.carries.push({ old, keys });
      this.emit('doc', [this.doc, this.awareness]);
    }
    if (!this.socket.connected) return; // the connect handler joins
    this.socket.emit('leave', this.layer);
    this.join();
  }

  private onDisconnect(): void {
    this.generation++;
    if (this.unacked > 0) this.dirty = true;
    this.unacked = 0;
    this.live = false;
    if (this.synced) {
      this.synced = false;
      this.emit('synced', [false]);
    }
    // Peers' presence is stale without a connection.
    const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
    awarenessProtocol.removeAwarenessStates(this.awareness, others, this);
    this.setStatus('offline');
  }

  private setStatus(s: SyncStatus): void {
    if (this.status === s) return;
    this.status = s;
    this.emit('status', [s]);
  }

  override destroy(): void {
    this.destroyed = true;
    awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], 'local');
    if (this.socket.connected) this.socket.emit('leave', this.layer);
    for (const f of [...this.unbindDoc, ...this.unbindSocket]) f();
    this.awareness.destroy();
    super.destroy();
  }
}
