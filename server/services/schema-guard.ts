// Refuses schema edits that would orphan annotations: lists every label, relation type or
// document-label value still used by a finished set or a stored layer that the new schema lacks.
import type { Store } from '../../db/store.ts';
import type { TagSchema } from '../../shared/domain.ts';
import type { LayerService } from './layers.service.ts';

export async function orphanedBy(store: Store, layers: LayerService, projectId: string, next: TagSchema): Promise<string[]> {
  const labels = new Set(next.spanLabels.map((l) => l.name));
  const types = new Set(next.relationTypes.map((r) => r.name));
  const values = new Set(next.docLabelSets.flatMap((s) => s.values.map((v) => `${s.name}=${v}`)));
  const used = await store.documents.usedVocabulary(projectId);
  for (const name of await store.layers.namesForProject(projectId)) {
    const c = await layers.content(name);
    for (const s of c.spans.values()) used.labels.add(s.label);
    for (const r of c.relations.values()) used.relationTypes.add(r.type);
    for (const [k, vs] of Object.entries(c.docLabels)) for (const v of vs) used.docLabels.add(`${k}=${v}`);
  }
  return [
    ...[...used.labels].filter((l) => !labels.has(l)).map((l) => `span label "${l}" is in use`),
    ...[...used.relationTypes].filter((t) => !types.has(t)).map((t) => `relation type "${t}" is in use`),
    ...[...used.docLabels].filter((v) => !values.has(v)).map((v) => `document label ${v} is in use`),
  ];
}
