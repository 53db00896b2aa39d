// Layer names: `<documentId>/<owner>` where owner is `shared`, `gold`, `predictions` or
// `user:<userId>`. One grammar, parsed strictly, so a guessed or malformed name never reaches SQL.
import type { DocumentId, LayerName, UserId } from './ids.ts';

export const LayerKind = { shared: 'shared', gold: 'gold', predictions: 'predictions', user: 'user' } as const;
export type LayerKind = (typeof LayerKind)[keyof typeof LayerKind];

export type LayerRef =
  | { kind: 'shared' | 'gold' | 'predictions'; documentId: DocumentId; name: LayerName }
  | { kind: 'user'; documentId: DocumentId; userId: UserId; name: LayerName };

const ID = '[A-Za-z0-9_-]{1,64}';
const NAME = new RegExp(`^(${ID})/(shared|gold|predictions|user:(${ID}))$`);

export function parseLayerName(raw: unknown): LayerRef | null {
  if (typeof raw !== 'string' || raw.length > 200) return null;
  const m = NAME.exec(raw);
  if (!m) return null;
  const documentId = m[1] as DocumentId;
  const name = raw as LayerName;
  if (m[3] !== undefined) return { kind: 'user', documentId, userId: m[3] as UserId, name };
  return { kind: m[2] as 'shared' | 'gold' | 'predictions', documentId, name };
}

export function layerName(documentId: DocumentId, owner: 'shared' | 'gold' | 'predictions' | { user: UserId }): LayerName {
  const tail = typeof owner === 'string' ? owner : `user:${owner.user}`;
  return `${documentId}/${tail}` as LayerName;
}

export const isValidId = (s: unknown): s is string => typeof s === 'string' && new RegExp(`^${ID}$`).test(s);
