// Presence on a layer through y-protocols awareness: publishes who I am, my text selection and the
// span I am editing; reads everyone else's (checked, since they come from other clients).
// Re-publishes on the new awareness when the provider replaces the doc. A view that shows more
// (the review's ReviewPresenceController) subclasses it: `extra` fields travel in the same state,
// and `parse` reads them from peers.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Awareness } from 'y-protocols/awareness';
import type { LayerController } from './layer.controller.ts';

export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}
export interface Peer {
  clientId: number;
  user: PresenceUser;
  selection: { start: number; end: number } | null;
  editing: string | null;
}
interface LocalState {
  user: PresenceUser;
  selection: { start: number; end: number } | null;
  editing: string | null;
  /** Fields a subclass publishes beside these (kept on every publish). */
  extra: Record<string, unknown>;
}

const SELECTION_THROTTLE_MS = 80;

export class PresenceController<P extends Peer = Peer> implements ReactiveController {
  peers: P[] = [];
  private awareness: Awareness | null = null;
  protected local: LocalState | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private off: (() => void) | null = null;
  /** Called when peers changed (the text view repaints their selections). */
  onPeers: (peers: P[]) => void = () => {};

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly layer: LayerController,
  ) {
    host.addController(this);
  }

  setUser(user: PresenceUser): void {
    this.local = { user, selection: this.local?.selection ?? null, editing: this.local?.editing ?? null, extra: this.local?.extra ?? this.initialExtra() };
    this.publish();
  }

  setSelection(selection: { start: number; end: number } | null): void {
    if (!this.local) return;
    const cur = this.local.selection;
    if (cur === selection || (cur && selection && cur.start === selection.start && cur.end === selection.end)) return;
    this.local = { ...this.local, selection };
    // Selections change on every mouse move while dragging: send at most every few frames.
    if (this.timer === null) this.timer = setTimeout(() => this.publish(), SELECTION_THROTTLE_MS);
  }

  setEditing(editing: string | null): void {
    if (!this.local || this.local.editing === editing) return;
    this.local = { ...this.local, editing };
    this.publish();
  }

  /** A subclass's own fields before anything set them. */
  protected initialExtra(): Record<string, unknown> {
    return {};
  }

  /** A peer read from its state, already checked for the common fields; a subclass adds its own. */
  protected parse(peer: Peer, _state: Record<string, unknown>): P {
    return peer as P;
  }

  protected publish(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (!this.local || !this.awareness) return;
    const { extra, ...common } = this.local;
    this.awareness.setLocalState({ ...extra, ...common });
  }

  private bind(awareness: Awareness | null): void {
    this.awareness?.off('change', this.onChange);
    this.awareness = awareness;
    awareness?.on('change', this.onChange);
    this.publish();
    this.onChange();
  }

  private readonly onChange = () => {
    const a = this.awareness;
    const peers: P[] = [];
    if (a) {
      for (const [clientId, state] of a.getStates()) {
        if (clientId === a.clientID) continue;
        const p = parsePeer(clientId, state);
        if (p) peers.push(this.parse(p, state as Record<string, unknown>));
      }
    }
    this.peers = peers;
    this.onPeers(peers);
    this.host.requestUpdate();
  };

  hostConnected(): void {
    this.off = this.layer.onDoc((_doc, awareness) => this.bind(awareness));
    if (this.layer.awareness) this.bind(this.layer.awareness);
  }

  hostDisconnected(): void {
    this.off?.();
    this.off = null;
    this.awareness?.off('change', this.onChange);
    this.awareness = null;
    if (this.timer !== null) clearTimeout(this.timer);
  }
}

function parsePeer(clientId: number, state: unknown): Peer | null {
  if (typeof state !== 'object' || state === null) return null;
  const s = state as Record<string, unknown>;
  const u = s.user as Record<string, unknown> | undefined;
  if (!u || typeof u.id !== 'string' || typeof u.name !== 'string' || typeof u.color !== 'string') return null;
  const color = /^#[0-9a-f]{6}$/i.test(u.color) ? u.color : '#777777';
  const sel = s.selection as Record<string, unknown> | null | undefined;
  const selection =
    sel && Number.isSafeInteger(sel.start) && Number.isSafeInteger(sel.end) && (sel.start as number) < (sel.end as number)
      ? { start: sel.start as number, end: sel.end as number }
      : null;
  return { clientId, user: { id: u.id, name: u.name.slice(0, 80), color }, selection, editing: typeof s.editing === 'string' ? s.editing : null };
}
