// Who may read and write which layer, and who may submit it: the rules of DESIGN.md as pure
// functions. The server enforces them (server/auth/layer-access.ts); the client mirrors them only
// to hide controls that would be refused anyway.
import type { DocStatus, ProjectMode, Role } from './domain.ts';
import type { LayerRef } from './layer-name.ts';

export interface LayerFacts {
  mode: ProjectMode;
  /** The user's role in the project, or null for a non-member. */
  role: Role | null;
  userId: string;
  /** Annotators assigned to the document (independent mode). */
  assigned: boolean;
  docStatus: DocStatus;
  /** The layer's latest annotation set is submitted and not reopened. */
  submitted: boolean;
}

export type LayerRight = 'none' | 'read' | 'write';

const canReview = (role: Role | null) => role === 'owner' || role === 'reviewer';

export function layerRight(layer: LayerRef, f: LayerFacts): LayerRight {
  if (f.role === null) return 'none';
  const writeUnlessSubmitted: LayerRight = f.submitted ? 'read' : 'write';
  switch (layer.kind) {
    case 'shared':
      return f.mode === 'collaborative' ? writeUnlessSubmitted : 'none';
    case 'gold':
      if (canReview(f.role)) return writeUnlessSubmitted;
      // Annotators see the reviewed result once the document is done, to compare with their own.
      return f.docStatus === 'done' ? 'read' : 'none';
    case 'predictions':
      return f.role === 'owner' ? 'write' : 'read';
    case 'user':
      if (layer.userId === f.userId) {
        if (f.mode !== 'independent') return 'none';
        if (f.role === 'annotator' && !f.assigned) return 'none';
        return writeUnlessSubmitted;
      }
      // Another person's private layer: reviewers read it, annotators never do.
      return canReview(f.role) && f.mode === 'independent' ? 'read' : 'none';
  }
}

/** Submitting freezes a layer into a finished set; reopening lets its writers edit it again. */
export function maySubmit(layer: LayerRef, f: LayerFacts): boolean {
  return layerRight(layer, { ...f, submitted: false }) === 'write';
}

export function mayReopen(layer: LayerRef, f: LayerFacts): boolean {
  if (f.role === null) return false;
  if (canReview(f.role)) return layer.kind !== 'predictions';
  return maySubmit(layer, f);
}
