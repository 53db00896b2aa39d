// Presence of the reviewers on a gold layer, through y-protocols awareness. It publishes the same
// fields as the annotator's PresenceController (user, selection, editing: so a gold layer opened in
// the annotation view shows reviewers too) plus `review`: the item this reviewer is on and the
// items they decided hold nothing (see cleared.ts). A separate controller because the annotator's
// owns its whole awareness state and would drop the extra field on every publish.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Awareness } from 'y-protocols/awareness';
import type { LayerController } from '../annotate/layer.controller.ts';
import type { Peer, PresenceUser } from '../annotate/presence.controller.ts';

export interface ReviewPeer extends Peer {
  /** The item the peer is looking at (a disagreement id), and the items they cleared. */
  at: string | null;
  cleared: string[];
}

interface LocalState {
  user: PresenceUser;
  selection: { start: number; end: number } | null;
  editing: string | null;
  review: { at: string | null; cleared: string[] };
}

export class ReviewPresenceController implements ReactiveController {
  peers: ReviewPeer[] = [];
  private awareness: Awareness | null = null;
  private local: LocalState | null = null;
  private off: (() => void) | null = null;
  onPeers: (peers: ReviewPeer[]) => void = () => {};

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly layer: LayerController,
  ) {
    host.addController(this);
  }

  setUser(user: PresenceUser): void {
    this.local = { user, selection: null, editing: null, review: { at: null, cleared: [] }, ...(this.local ? { ...this.local, user } : {}) };
    this.publish();
  }

  /** Where this reviewer is: an item id and the text range it covers (drawn faintly for the others). */
  setAt(at: string | null, selection: { start: number; end: number } | null): void {
    if (!this.local || (this.local.review.at === at && sameRange(this.local.selection, selection))) return;
    this.local = { ...this.local, selection, review: { ...this.local.review, at } };
    this.publish();
  }

  setSelection(selection: { start: number; end: number } | null): void {
    if (!this.local || sameRange(this.local.selection, selection)) return;
    this.local = { ...this.local, selection };
    this.publish();
  }

  setCleared(cleared: Iterable<string>): void {
    if (!this.local) return;
    this.local = { ...this.local, review: { ...this.local.review, cleared: [...cleared] } };
    this.publish();
  }

  private publish(): void {
    if (this.local && this.awareness) this.awareness.setLocalState({ ...this.local });
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
    const peers: ReviewPeer[] = [];
    if (a) {
      for (const [clientId, state] of a.getStates()) {
        if (clientId === a.clientID) continue;
        const p = parseReviewPeer(clientId, state);
        if (p) peers.push(p);
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
  }
}

const sameRange = (a: { start: number; end: number } | null, b: { start: number; end: number } | null) =>
  a === b || (a !== null && b !== null && a.start === b.start && a.end === b.end);

/** Reads a peer's state defensively: it comes from another client. */
function parseReviewPeer(clientId: number, state: unknown): ReviewPeer | null {
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
  const r = (typeof s.review === 'object' && s.review !== null ? s.review : {}) as Record<string, unknown>;
  const cleared = Array.isArray(r.cleared) ? r.cleared.filter((x): x is string => typeof x === 'string').slice(0, 5000) : [];
  return {
    clientId,
    user: { id: u.id, name: u.name.slice(0, 80), color },
    selection,
    editing: typeof s.editing === 'string' ? s.editing : null,
    at: typeof r.at === 'string' ? r.at : null,
    cleared,
  };
}
