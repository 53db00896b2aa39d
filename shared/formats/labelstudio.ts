// Label Studio JSON export (a task per document, an annotation per finished set; CODE POINT
// offsets) and the labeling config XML generated from a TagSchema.
import type { TagSchema } from '../domain.ts';
import { project, relationIndexes, TextView } from './common.ts';
import { sha256Hex } from './sha256.ts';
import { ExportError } from './types.ts';
import type { DocumentWriter, WriteOptions } from './types.ts';

/** Control and object names the results and the config agree on. */
export const LS_NAMES = { labels: 'label', text: 'text', notes: 'note' } as const;

export function createLabelStudioWriter(options: WriteOptions = {}): DocumentWriter {
  const hash = options.hash ?? sha256Hex;
  let tasks = 0;
  let annotationId = 0;
  return {
    warnings: [],
    header: () => '[\n',
    document(doc, sets) {
      const view = new TextView(doc.text);
      const annotations = sets.map((set) => {
        const result: Array<Record<string, unknown>> = [];
        const ends = relationIndexes(set, doc.id);
        for (const span of set.spans) {
          const p = project(view, span, 'codepoint', doc.id);
          result.push({ id: span.id, to_name: LS_NAMES.text, from_name: LS_NAMES.labels, type: 'labels', value: { start: p.start, end: p.end, text: p.quote, labels: [span.label] } });
          if (span.note !== undefined && span.note !== '') {
            result.push({ id: span.id, to_name: LS_NAMES.text, from_name: LS_NAMES.notes, type: 'textarea', value: { start: p.start, end: p.end, text: [span.note] } });
          }
        }
        set.relations.forEach((r, i) => {
          const e = ends[i] as { from: number; to: number };
          result.push({ from_id: set.spans[e.from]?.id, to_id: set.spans[e.to]?.id, type: 'relation', direction: 'right', labels: [r.type] });
        });
        for (const [name, choices] of Object.entries(set.docLabels)) {
          if (Object.values(LS_NAMES).includes(name as never)) {
            throw new ExportError(doc.id, undefined, `document label set ${JSON.stringify(name)} clashes with a Label Studio control name`);
          }
          result.push({ id: `choices-${name}`, from_name: name, to_name: LS_NAMES.text, type: 'choices', value: { choices } });
        }
        const meta = { annotator: set.annotator, version: set.version };
        return { id: ++annotationId, created_username: set.annotator, created_at: new Date(set.submittedAt).toISOString(), ground_truth: set.annotator === 'gold', result, tagteam: meta };
      });
      const task = { id: ++tasks, data: { text: doc.text, doc_id: doc.id, title: doc.title, text_sha256: hash(doc.text) }, annotations, predictions: [] };
      return `${tasks === 1 ? '' : ',\n'}${JSON.stringify(task)}`;
    },
    footer: () => '\n]\n',
  };
}

const xml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);

/** The labeling config for a schema: span labels, the text, relations, per-span notes, label sets. */
export function labelStudioConfig(schema: TagSchema): string {
  const lines = ['<View>', `  <Labels name="${LS_NAMES.labels}" toName="${LS_NAMES.text}">`];
  for (const l of schema.spanLabels) {
    lines.push(`    <Label value="${xml(l.name)}" background="${xml(l.color)}"${l.hotkey === undefined ? '' : ` hotkey="${xml(l.hotkey)}"`}/>`);
  }
  lines.push('  </Labels>', `  <Text name="${LS_NAMES.text}" value="$${LS_NAMES.text}"/>`);
  if (schema.relationTypes.length > 0) {
    lines.push('  <Relations>');
    for (const r of schema.relationTypes) lines.push(`    <Relation value="${xml(r.name)}"${r.color === undefined ? '' : ` background="${xml(r.color)}"`}/>`);
    lines.push('  </Relations>');
  }
  lines.push(`  <TextArea name="${LS_NAMES.notes}" toName="${LS_NAMES.text}" perRegion="true" editable="true" placeholder="Note"/>`);
  for (const set of schema.docLabelSets) {
    lines.push(`  <Header value="${xml(set.name)}"/>`, `  <Choices name="${xml(set.name)}" toName="${LS_NAMES.text}" choice="${set.choice}">`);
    for (const v of set.values) lines.push(`    <Choice value="${xml(v)}"/>`);
    lines.push('  </Choices>');
  }
  lines.push('</View>');
  return `${lines.join('\n')}\n`;
}
