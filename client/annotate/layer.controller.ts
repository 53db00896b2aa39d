// Owns one layer's live connection for its host: the SyncProvider on the app's socket, the layer's
// Y.Doc (rebound when the provider replaces it after a refused update), and one change
// notification per transaction naming the span ids it touched, so views re-render only those.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { WireError } from '../../shared/protocol.ts';
import { RootMap } from '../../shared/layer-doc.ts';
import { SyncProvider, type ClientSocket, type SyncStatus } from '../sync/provider.ts';

export interface LayerChange {
  /** Span ids written or deleted; null when everything may have changed (a new doc). */
  spans: ReadonlySet<string> | null;
  relations: boolean;
  docLabels: boolean;
  /** Made here (an edit, an undo, a restored copy), not received from the server. */
  local: boolean;
}

export class LayerController implements ReactiveController {
  provider: SyncProvider | null = null;
  layerName: string | null = null;
  status: SyncStatus = 'connecting';
  /** The server's state arrived at least once (until then the view shows "connecting"). */
  everSynced = false;
  synced = false;
  private placeholder = new Y.Doc();
  private readonly changeListeners = new Set<(c: LayerChange) => void>();
  private readonly docListeners = new Set<(doc: Y.Doc, awareness: Awareness | null) => void>();
  private unbind: () => void = () => {};
  /** Tags this user's own transactions (LayerEditor writes with it). */
  readonly origin = { local: true };
  private panelsQueued = false;
  /** Called with every error the provider reports (refused update, lost access…). */
  onError: (e: WireError) => void = () => {};
  /** Called when the server changed whether this user may write the layer (submitted, reopened…). */
  onAccess: (writable: boolean) => void = () => {};

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  get doc(): Y.Doc {
    return this.provider?.doc ?? this.placeholder;
  }

  get awareness(): Awareness | null {
    return this.provider?.awareness ?? null;
  }

  /** Joins `layerName` on `socket`; `doc` lets a re-join keep unsaved local edits. */
  open(socket: ClientSocket, layerName: string, doc: Y.Doc = new Y.Doc()): void {
    this.close();
    this.layerName = layerName;
    this.everSynced = false;
    this.synced = false;
    const p = new SyncProvider(socket, layerName, doc);
    this.provider = p;
    this.status = p.status;
    p.on('status', (s) => {
      this.status = s;
      this.host.requestUpdate();
    });
    p.on('synced', (synced) => {
      this.synced = synced;
      if (synced) this.everSynced = true;
      this.host.requestUpdate();
    });
    p.on('error', (e) => this.onError(e));
    p.on('access', (writable) => this.onAccess(writable));
    p.on('doc', () => this.bind());
    this.bind();
  }

  /** Leaves the layer and returns its doc (with any unsaved edits) for a later re-join. */
  close(): Y.Doc | null {
    this.unbind();
    this.unbind = () => {};
    const p = this.provider;
    if (!p) return null;
    this.provider = null;
    p.destroy();
    return p.doc;
  }

  onChange(f: (c: LayerChange) => void): () => void {
    this.changeListeners.add(f);
    return () => this.changeListeners.delete(f);
  }

  onDoc(f: (doc: Y.Doc, awareness: Awareness | null) => void): () => void {
    this.docListeners.add(f);
    return () => this.docListeners.delete(f);
  }

  private bind(): void {
    this.unbind();
    const doc = this.doc;
    const onTx = (tr: Y.Transaction) => {
      if (tr.changed.size === 0) return;
      const change = { spans: new Set<string>(), relations: false, docLabels: false, local: tr.origin !== this.provider };
      for (const [type, keys] of tr.changed) {
        if (type === doc.share.get(RootMap.spans)) {
          for (const k of keys) if (k !== null) change.spans.add(k);
        }
        else if (type === doc.share.get(RootMap.relations)) change.relations = true;
        else if (type === doc.share.get(RootMap.docLabels)) change.docLabels = true;
      }
      if (change.spans.size === 0 && !change.relations && !change.docLabels) return;
      for (const f of this.changeListeners) f(change);
      if (tr.origin === this.origin) this.host.requestUpdate();
      else this.updateAfterPaint();
    };
    doc.on('afterTransaction', onTx);
    this.unbind = () => doc.off('afterTransaction', onTx);
    for (const f of this.docListeners) f(doc, this.awareness);
    for (const f of this.changeListeners) f({ spans: null, relations: true, docLabels: true, local: false });
    this.host.requestUpdate();
  }

  /**
   * Remote changes re-render the host (lists, counts) after the next paint: the changed text
   * chunks, which listeners re-render at once, reach the screen first, and a burst of remote
   * changes costs one host update.
   */
  private updateAfterPaint(): void {
    if (this.panelsQueued) return;
    this.panelsQueued = true;
    requestAnimationFrame(() =>
      setTimeout(() => {
        this.panelsQueued = false;
        this.host.requestUpdate();
      }, 0),
    );
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.close();
  }
}
