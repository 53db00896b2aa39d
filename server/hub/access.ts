// The single place that decides whether a connection may read or write a layer, and with which
// context (document text, tag schema) its updates are validated. The real policy lives in
// server/auth/layer-access.ts; the hub only knows this interface.
import type { LayerRef } from '../../shared/layer-name.ts';
import type { WireError } from '../../shared/protocol.ts';
import type { LayerContext } from '../../shared/validation.ts';
import type { SessionUser } from '../auth/session-user.ts';

export type AccessDecision = { ok: true; writable: boolean; ctx: LayerContext } | { ok: false; error: WireError };

export interface LayerAccess {
  authorize(user: SessionUser | null, layer: LayerRef): Promise<AccessDecision>;
}
