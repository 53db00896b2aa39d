// Presence of the reviewers on a gold layer: the annotator's presence (user, selection, editing,
// so a gold layer opened in the annotation view shows reviewers too) plus `review`: the item this
// reviewer is on and the items they decided hold nothing (see cleared.ts).
import { PresenceController, type Peer } from '../annotate/presence.controller.ts';

export interface ReviewPeer extends Peer {
  /** The item the peer is looking at (a disagreement id), and the items they cleared. */
  at: string | null;
  cleared: string[];
}

interface ReviewState {
  at: string | null;
  cleared: string[];
}

export class ReviewPresenceController extends PresenceController<ReviewPeer> {
  /** Where this reviewer is: an item id and the text range it covers (drawn faintly for the others). */
  setAt(at: string | null, selection: { start: number; end: number } | null): void {
    const l = this.local;
    if (!l) return;
    const review = l.extra.review as ReviewState;
    if (review.at === at && sameRange(l.selection, selection)) return;
    this.local = { ...l, selection, extra: { review: { ...review, at } } };
    this.publish();
  }

  setCleared(cleared: Iterable<string>): void {
    const l = this.local;
    if (!l) return;
    this.local = { ...l, extra: { review: { ...(l.extra.review as ReviewState), cleared: [...cleared] } } };
    this.publish();
  }

  protected override initialExtra(): Record<string, unknown> {
    return { review: { at: null, cleared: [] } satisfies ReviewState };
  }

  /** Reads the peer's review fields defensively: they come from another client. */
  protected override parse(peer: Peer, state: Record<string, unknown>): ReviewPeer {
    const r = (typeof state.review === 'object' && state.review !== null ? state.review : {}) as Record<string, unknown>;
    const cleared = Array.isArray(r.cleared) ? r.cleared.filter((x): x is string => typeof x === 'string').slice(0, 5000) : [];
    return { ...peer, at: typeof r.at === 'string' ? r.at : null, cleared };
  }
}

const sameRange = (a: { start: number; end: number } | null, b: { start: number; end: number } | null) =>
  a === b || (a !== null && b !== null && a.start === b.start && a.end === b.end);
