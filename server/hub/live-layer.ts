// One layer in memory: its Y.Doc, its awareness, the sockets in it. The single place where an
// accepted update is applied, queued for commit and queued for fan-out (batched per tick).
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { encodeAwareness, encodeSync, decodeAwarenessUpdate } from '../../shared/messages.ts';
import { LayerState, isEmptyUpdate } from './layer-state.ts';
import { ErrorCode, SyncType, type WireError } from '../../shared/protocol.ts';
import { inspectUpdate } from '../../shared/update-inspect.ts';
import { checkWrites, type LayerContext } from '../../shared/validation.ts';
import { spansOf } from '../../shared/layer-doc.ts';
import type { LayerName } from '../../shared/ids.ts';
import type { Broadcaster } from './broadcaster.ts';
import type { CommitQueue } from './commit-queue.ts';
import type { LayerStore } from '../../db/layer.store.ts';
import type { Logger } from '../logger.ts';

export interface Member {
  socketId: string;
  writable: boolean;
  /**
   * The right the connection was last told (its join's answer, then `layer-access`): a submit
   * freezes `writable` before it re-checks, and the client must still hear of the change.
   */
  told: boolean;
  /** The user behind the connection: what they write must name them as author. */
  writer: string | null;
  /** Awareness client ids this socket introduced; removed when it leaves. */
  clientIds: Set<number>;
}

interface Origin {
  socketId: string;
  persisted?: Promise<void>;
  /** The client's bytes already went to the layer's other sockets (see applyClientUpdate). */
  relayed?: boolean;
}

export interface LayerDeps {
  broadcaster: Broadcaster;
  commits: CommitQueue;
  store: LayerStore;
  log: Logger;
  compactAfterUpdates: number;
}

export class LiveLayer {
  private readonly state: LayerState;
  readonly awareness: awarenessProtocol.Awareness;
  readonly members = new Map<string, Member>();
  unloadTimer: NodeJS.Timeout | null = null;
  private outbox: Array<{ update: Uint8Array; from: string | null }> = [];
  private awarenessDirty = new Map<number, string | null>();
  /** Awareness ids of connections that left: their clocks are dropped after the next flush. */
  private readonly forget = new Set<number>();
  private flushScheduled = false;
  private logLength: number;
  private enqueued = 0;
  private compacting: Promise<void> | null = null;

  constructor(
    readonly name: LayerName,
    readonly layerId: number,
    stored: { updates: Uint8Array[]; logLength: number },
    public ctx: LayerContext,
    private readonly deps: LayerDeps,
  ) {
    this.state = new LayerState(stored.updates, (err) => deps.log.error({ err, layer: name }, 'stored update could not be applied; skipped'));
    this.awareness = new awarenessProtocol.Awareness(this.state.shell);
    this.awareness.setLocalState(null);
    this.logLength = stored.logLength;
    this.state.shell.on('update', (update: Uint8Array, origin: unknown) => this.onDocUpdate(update, origin));
    this.awareness.on('update', (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const from = isOrigin(origin) ? origin.socketId : null;
      for (const id of [...changes.added, ...changes.updated, ...changes.removed]) this.awarenessDirty.set(id, from);
      this.scheduleFlush();
    });
  }

  /** The layer's Y.Doc, built from storage on first use (see layer-state.ts). */
  get doc(): Y.Doc {
    return this.state.doc;
  }

  /** Whether the doc was built yet (a layer only read since its load never is). */
  get built(): boolean {
    return this.state.built;
  }

  /** The sync step 2 answering a client's state vector. Throws on a malformed vector. */
  diffFor(stateVector: Uint8Array): Uint8Array {
    return this.state.diffFor(stateVector);
  }

  /** Our sync step 1 answering a client's, sent before our step 2 (see LayerState.step1For). */
  step1For(clientStateVector: Uint8Array): Uint8Array {
    return this.state.step1For(clientStateVector);
  }

  awarenessSnapshot(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()];
    return ids.length === 0 ? null : encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
  }

  /**
   * Validates and applies a client's update. Resolves when it is durable (or, if it changed
   * nothing, when everything before it is durable); returns an error without touching the doc
   * when it is refused.
   */
  applyClientUpdate(update: Uint8Array, member: Member, handshake = false): Promise<void> | WireError {
    // Nothing to validate or apply (a client's handshake answer when it has nothing new): this
    // must not be what builds a stored layer's doc.
    // A reader's handshake step 2 carries nothing; answer it, so read-only viewers are not refused.
    if (isEmptyUpdate(update)) return this.deps.commits.barrier();
    if (!member.writable) return { code: ErrorCode.readOnly, message: 'this layer is read-only for you' };
    const inspection = inspectUpdate(this.doc, update);
    if (!inspection.ok) {
      const code = inspection.reason === 'missing' ? ErrorCode.missingDependencies : ErrorCode.invalidUpdate;
      return { code, message: inspection.message };
    }
    const spans = spansOf(this.doc);
    const invalid = checkWrites(inspection.writes, { ...this.ctx, writer: member.writer }, (id) => spans.has(id));
    if (invalid !== null) {
      // Peers get an update before it is committed (fan-out does not wait for fsync), so after a
      // crash a client may hold another user's change the server lost, and its handshake carries
      // it. Not an error of this user's: the client drops it and resyncs (SyncProvider).
      if (handshake && invalid.foreign) {
        return { code: ErrorCode.foreignWrite, message: `${invalid.key} is another user's change the server does not have`, key: invalid.key };
      }
      return { code: ErrorCode.invalidUpdate, message: invalid.message, key: invalid.key };
    }
    const origin: Origin = { socketId: member.socketId };
    // The update is accepted and, when inspection found Yjs will integrate its bytes as they are,
    // those bytes are what the layer's other sockets get: relay them now rather than after the
    // apply, as the first message of this loop turn (later ones are merged at its end, in order).
    // Not while the doc holds anything pending (only a damaged store leaves some): the apply could
    // integrate that too, and its update would then be more than these bytes.
    const store = this.doc.store;
    if (inspection.exact && !this.flushScheduled && store.pendingStructs === null && store.pendingDs === null) {
      this.fanOut([{ payload: update, from: member.socketId }], (us) => encodeSync(SyncType.update, us[0]!));
      this.scheduleFlush();
      origin.relayed = true;
    }
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch (err) {
      // As for an update left pending below: inspection rules this out. The sender is refused as
      // for an invalid update, so its provider drops it rather than send it again on rejoining.
      this.deps.log.error({ err, layer: this.name, relayed: origin.relayed === true }, 'update threw on apply after inspection');
      if (origin.relayed === true) this.withdrawRelay(member.socketId);
      return { code: ErrorCode.invalidUpdate, message: 'update could not be applied; re-sync' };
    }
    if (store.pendingStructs !== null || store.pendingDs !== null) {
      // Inspection rules this out; if it ever happens, keep nothing unvalidated waiting to apply,
      // and do not acknowledge what was not integrated: the client resyncs.
      this.deps.log.error({ layer: this.name, relayed: origin.relayed === true }, 'update left pending structs after inspection');
      store.pendingStructs = null;
      store.pendingDs = null;
      if (origin.relayed === true) this.withdrawRelay(member.socketId);
      return { code: ErrorCode.invalidUpdate, message: 'update could not be integrated whole; re-sync' };
    }
    return origin.persisted ?? this.deps.commits.barrier();
  }

  /**
   * An update relayed before the apply was not taken whole (inspection rules this out; a last
   * guard): the layer's other clients hold what it does not. A `foreign_write` has their providers
   * drop their copy and sync afresh, keeping their own unsaved edits (client/sync/provider.ts).
   */
  private withdrawRelay(from: string): void {
    this.deps.broadcaster.broadcastError(this.name, { code: ErrorCode.foreignWrite, message: 'an update relayed to you was not taken by the server; reloading the layer' }, [from]);
  }

  /** Applies an awareness update after checking it fully; returns an error if refused. */
  applyAwareness(update: Uint8Array, member: Member): WireError | null {
    let entries;
    try {
      entries = decodeAwarenessUpdate(update);
    } catch (e) {
      return { code: ErrorCode.badMessage, message: `malformed awareness update: ${(e as Error).message}` };
    }
    for (const e of entries) {
      for (const [sid, m] of this.members) {
        if (sid !== member.socketId && m.clientIds.has(e.clientId)) {
          return { code: ErrorCode.forbidden, message: 'awareness state belongs to another connection' };
        }
      }
    }
    for (const e of entries) member.clientIds.add(e.clientId);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, { socketId: member.socketId } satisfies Origin);
    return null;
  }

  removeMember(socketId: string): void {
    const m = this.members.get(socketId);
    if (!m) return;
    this.members.delete(socketId);
    const ids = [...m.clientIds].filter((id) => this.awareness.getStates().has(id));
    if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, { socketId } satisfies Origin);
    // y-protocols keeps each client's clock after its state is removed; a layer that stays loaded
    // while thousands of tabs come and go would keep them all. The connection left, so forget
    // them once the removal went out (see flush: encoding it reads the clock).
    for (const id of m.clientIds) this.forget.add(id);
    this.scheduleFlush();
  }

  private onDocUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === 'load') return;
    this.state.changed();
    const from = isOrigin(origin) ? origin.socketId : null;
    // Fan-out first (the commit waits for an fsync anyway; the peers' copy need not wait for the
    // commit to be submitted). The first update of a loop turn goes out at once, as the peer
    // servers do; any more in the same turn are merged into one message per client at its end.
    // A client's update that inspection found exact went out before the apply (applyClientUpdate).
    const relayedAlready = isOrigin(origin) && origin.relayed === true;
    if (!relayedAlready && this.flushScheduled) this.outbox.push({ update, from });
    else if (!relayedAlready) {
      this.fanOut([{ payload: update, from }], (us) => encodeSync(SyncType.update, us[0]!));
      this.scheduleFlush();
    }
    const persisted = this.deps.commits.enqueue(this.layerId, update);
    if (isOrigin(origin)) origin.persisted = persisted;
    this.enqueued++;
    this.logLength++;
    persisted.then(() => this.maybeCompact(), () => undefined);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** One message per client per tick: merge what arrived, send each client what it lacks. */
  private flush(): void {
    this.flushScheduled = false;
    if (this.outbox.length > 0) {
      const batch = this.outbox;
      this.outbox = [];
      this.fanOut(batch.map((b) => ({ payload: b.update, from: b.from })), (us) => encodeSync(SyncType.update, us.length === 1 ? us[0]! : Y.mergeUpdates(us)));
    }
    if (this.awarenessDirty.size > 0) {
      const dirty = [...this.awarenessDirty];
      this.awarenessDirty.clear();
      this.fanOut(dirty.map(([id, from]) => ({ payload: id, from })), (ids) => encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
    }
    for (const id of this.forget) if (!this.awareness.states.has(id)) this.awareness.meta.delete(id);
    this.forget.clear();
  }

  private fanOut<T>(items: Array<{ payload: T; from: string | null }>, encode: (xs: T[]) => Uint8Array): void {
    const origins = [...new Set(items.map((i) => i.from).filter((f): f is string => f !== null))];
    this.deps.broadcaster.broadcast(this.name, encode(items.map((i) => i.payload)), origins);
    for (const o of origins) {
      const others = items.filter((i) => i.from !== o);
      if (others.length > 0) this.deps.broadcaster.sendTo(o, this.name, encode(others.map((i) => i.payload)));
    }
  }

  private maybeCompact(): void {
    if (this.compacting || this.logLength < this.deps.compactAfterUpdates) return;
    this.compacting = this.compact().finally(() => (this.compacting = null));
  }

  /** Folds the stored update log into one snapshot of the current state. */
  compact(): Promise<void> {
    let at = 0;
    return this.deps.store
      .compact(this.layerId, () => {
        at = this.enqueued;
        return Y.encodeStateAsUpdate(this.doc);
      })
      .then(() => {
        this.logLength = this.enqueued - at;
      })
      .catch((err: unknown) => this.deps.log.error({ err, layer: this.name }, 'compaction failed'));
  }

  destroy(): void {
    this.awareness.destroy();
    this.state.shell.destroy();
  }
}

function isOrigin(o: unknown): o is Origin {
  return typeof o === 'object' && o !== null && typeof (o as Origin).socketId === 'string';
}
