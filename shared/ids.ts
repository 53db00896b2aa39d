// Ids that cross the wire get their own types so a document id is never passed where a span id belongs.
declare const brand: unique symbol;
type Branded<T, B extends string> = T & { readonly [brand]: B };

export type UserId = Branded<string, 'UserId'>;
export type ProjectId = Branded<string, 'ProjectId'>;
export type DocumentId = Branded<string, 'DocumentId'>;
export type SpanId = Branded<string, 'SpanId'>;
export type RelationId = Branded<string, 'RelationId'>;
/** The name a client joins: see layer-name.ts for its grammar. */
export type LayerName = Branded<string, 'LayerName'>;

export const asUserId = (s: string): UserId => s as UserId;
export const asProjectId = (s: string): ProjectId => s as ProjectId;
export const asDocumentId = (s: string): DocumentId => s as DocumentId;
export const asSpanId = (s: string): SpanId => s as SpanId;
export const asRelationId = (s: string): RelationId => s as RelationId;
