// Keeps a layer's unsaved edits on this device, so "offline — changes kept on this device" holds
// even if the tab is closed before the connection returns. When edits made here stay
// unacknowledged for a moment (offline, or a slow server) the doc's state is written to
// IndexedDB under a key of its own per tab (two tabs of one layer must not overwrite each
// other's copy); once the layer is saved the copies are deleted. Opening the layer applies every
// copy of it before joining, and the sync handshake sends the server whatever it lacks.
// Restoring an older copy is safe: Yjs merges states, so nothing deleted since comes back.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import * as Y from 'yjs';
import { unsavedStore } from '../app/idb.ts';
import type { LayerController } from './layer.controller.ts';

const WAIT_MS = 800;
const BACKUP_ORIGIN = 'local-backup';

export class LocalBackupController implements ReactiveController {
  private readonly tab = Math.random().toString(36).slice(2, 10);
  private key: string | null = null;
  /** Copies this tab wrote or restored: deleted once everything is saved. */
  private readonly held = new Set<string>();
  /** Edits made here since the layer was last saved. */
  private unsaved = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private off: (() => void) | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly layer: LayerController,
  ) {
    host.addController(this);
  }

  /** A doc for `layerName` holding what this device kept of it (empty when nothing). */
  async restore(userId: string, layerName: string): Promise<Y.Doc> {
    const prefix = `${userId}|${layerName}|`;
    this.key = prefix + this.tab;
    this.held.clear();
    this.unsaved = false;
    const doc = new Y.Doc();
    try {
      for (const [key, bytes] of await unsavedStore.withPrefix(prefix)) {
        Y.applyUpdate(doc, bytes, BACKUP_ORIGIN);
        this.held.add(key);
        this.unsaved = true;
      }
    } catch {
      // No storage (private mode, blocked): the session still works, without the safety net.
    }
    return doc;
  }

  hostConnected(): void {
    this.off = this.layer.onChange((c) => {
      if (!c.local) return;
      this.unsaved = true;
      this.schedule();
    });
    window.addEventListener('pagehide', this.onPageHide);
  }

  hostUpdated(): void {
    // The host re-renders on every status change: drop the copies once everything is saved.
    if (this.layer.status === 'saved') this.settled();
  }

  hostDisconnected(): void {
    this.off?.();
    this.off = null;
    window.removeEventListener('pagehide', this.onPageHide);
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private settled(): void {
    this.unsaved = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (const key of this.held) void unsavedStore.delete(key).catch(() => undefined);
    this.held.clear();
  }

  private schedule(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.save();
    }, WAIT_MS);
  }

  private save(): void {
    if (this.layer.status === 'saved') return this.settled();
    if (!this.unsaved || !this.key || this.layer.status === 'refused') return;
    const key = this.key;
    this.held.add(key);
    void unsavedStore.put(key, Y.encodeStateAsUpdate(this.layer.doc)).catch(() => this.held.delete(key));
  }

  private readonly onPageHide = () => this.save();
}
