// The real layer policy: resolves who the user is in the document's project and applies the
// rules of shared/permissions.ts. Non-members and unknown documents get the same answer, so a
// guessed layer name reveals nothing.
import type { Store } from '../../db/store.ts';
import type { LayerRef } from '../../shared/layer-name.ts';
import { layerRight, type LayerFacts } from '../../shared/permissions.ts';
import { ErrorCode } from '../../shared/protocol.ts';
import type { AccessDecision, LayerAccess } from '../hub/access.ts';
import type { SessionUser } from './session-user.ts';

export interface ResolvedFacts extends LayerFacts {
  projectId: string;
}

/** Facts for one user, document and layer; null when the document does not exist. */
export async function layerFacts(store: Store, user: SessionUser, layer: LayerRef): Promise<ResolvedFacts | null> {
  const f = await store.documents.facts(user.id, layer.documentId);
  if (!f) return null;
  const [status, latest] = await Promise.all([store.documents.status(layer.documentId), store.sets.latest(layer.name)]);
  return {
    projectId: f.projectId,
    mode: f.mode,
    role: f.role ?? (user.isAdmin ? 'owner' : null),
    userId: user.id,
    assigned: f.assigned,
    docStatus: status?.status ?? 'new',
    submitted: latest !== undefined && latest.reopenedAt === null,
  };
}

export function createLayerAccess(store: Store): LayerAccess {
  return {
    async authorize(user: SessionUser | null, layer: LayerRef): Promise<AccessDecision> {
      if (!user) return { ok: false, error: { code: ErrorCode.unauthenticated, message: 'sign in first' } };
      const facts = await layerFacts(store, user, layer);
      const right = facts ? layerRight(layer, facts) : 'none';
      if (!facts || right === 'none') return { ok: false, error: { code: ErrorCode.notFound, message: 'no such layer, or not yours to open' } };
      const [doc, project] = await Promise.all([store.documents.get(layer.documentId), store.projects.get(facts.projectId)]);
      return {
        ok: true,
        writable: right === 'write',
        ctx: { text: doc!.text, schema: project!.schema },
      };
    },
  };
}
