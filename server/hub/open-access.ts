// An access policy that lets anyone read and write any well-formed layer, with no schema or text
// to validate against. For hub-only tests and benchmarks; the app's default is the real policy.
import type { LayerAccess } from './access.ts';

export const openAccess: LayerAccess = {
  authorize: async () => ({ ok: true, writable: true, ctx: { text: null, schema: null } }),
};
