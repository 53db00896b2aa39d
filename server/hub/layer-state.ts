// A live layer's Y.Doc, built from its stored updates only when something needs the doc, and the
// answer to a new client's handshake kept while nothing changed.
// Why: rebuilding a stored layer of 5,000 spans takes ~20 ms, re-encoding it for a new client
// ~10 ms, and reading the state vector out of the snapshot ~8 ms. A layer loaded from one
// snapshot (the usual case: every unload compacts) answers a client with an empty state vector
// with the snapshot bytes themselves, so a reader never makes the server build the doc. It is
// built on the first update to validate, non-empty client state vector, compaction with
// something to fold, or read through `doc`. The snapshot is served as stored: it is what
// Y.encodeStateAsUpdate wrote at compaction, the same state the built doc would encode.
import * as Y from 'yjs';
import { encodeSync } from '../../shared/messages.ts';
import { SyncType } from '../../shared/protocol.ts';

/** The encoding of an empty state vector and of an update that changes nothing (V1). */
export const isEmptyStateVector = (sv: Uint8Array): boolean => sv.length === 1 && sv[0] === 0;
export const isEmptyUpdate = (u: Uint8Array): boolean => u.length === 2 && u[0] === 0 && u[1] === 0;
const EMPTY_STEP1 = encodeSync(SyncType.step1, new Uint8Array([0]));

export class LayerState {
  private readonly ydoc = new Y.Doc();
  /** Stored updates not applied yet (null once built). */
  private unapplied: Uint8Array[] | null;
  /** Sync step 2 for an empty client, valid until the next change. */
  private fullStep2: Uint8Array | null = null;

  constructor(
    stored: Uint8Array[],
    private readonly onLoadError: (err: unknown) => void,
  ) {
    this.unapplied = stored.length > 0 ? stored : null;
    // A lone snapshot is the whole state.
    if (stored.length === 1) this.fullStep2 = encodeSync(SyncType.step2, stored[0]!);
  }

  /** The doc without building it: for listeners and awareness, which need no content. */
  get shell(): Y.Doc {
    return this.ydoc;
  }

  get built(): boolean {
    return this.unapplied === null;
  }

  /** The doc with every stored update applied. */
  get doc(): Y.Doc {
    if (this.unapplied !== null) this.build();
    return this.ydoc;
  }

  /**
   * Our sync step 1 for a client that sent `clientSv`, sent before our step 2. While the doc is
   * unbuilt no update was applied since the load, so nothing of the layer reached the client
   * outside this handshake; if its vector was empty it held nothing, and an empty vector asks it
   * for exactly what it wrote since — without building the doc to compute ours. Otherwise the
   * client may hold what we broadcast (and must not send it back: it would be validated again as
   * its write), so it gets our real vector.
   */
  step1For(clientSv: Uint8Array): Uint8Array {
    return !this.built && isEmptyStateVector(clientSv) ? EMPTY_STEP1 : encodeSync(SyncType.step1, Y.encodeStateVector(this.doc));
  }

  /** The sync step 2 answering a client's state vector. Throws on a malformed vector. */
  diffFor(stateVector: Uint8Array): Uint8Array {
    if (!isEmptyStateVector(stateVector)) return encodeSync(SyncType.step2, Y.encodeStateAsUpdate(this.doc, stateVector));
    return (this.fullStep2 ??= encodeSync(SyncType.step2, Y.encodeStateAsUpdate(this.doc)));
  }

  /** Called on every change of the doc: the cached answers no longer hold. */
  changed(): void {
    this.fullStep2 = null;
  }

  private build(): void {
    const updates = this.unapplied ?? [];
    this.unapplied = null;
    for (const u of updates) {
      try {
        Y.applyUpdate(this.ydoc, u, 'load');
      } catch (err) {
        this.onLoadError(err);
        this.changed(); // the snapshot's bytes are not what the doc holds
      }
    }
  }
}
