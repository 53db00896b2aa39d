// The export page's choices as native form controls: the format (with its offset unit and what it
// carries, since a format that drops relations should say so before the download), the sets, the
// status and label filters, versions, and the options only some formats take.
import { html, nothing, type TemplateResult } from 'lit';
import type { ProjectDetail } from '../../shared/api.ts';
import type { DocStatus } from '../../shared/domain.ts';
import { STATUS_TEXT } from '../app/format.ts';
import { OFFSET_SHORT, OFFSET_TEXT, type ExportChoice, type ExportFormat, type SetsChoice } from './export-api.ts';

export interface ExportFormHost {
  formats: ExportFormat[];
  choice: ExportChoice;
  format: ExportFormat | undefined;
  choose(patch: Partial<ExportChoice>): void;
}

const SETS: Array<[SetsChoice, string, string]> = [
  ['gold', 'Gold', 'the reviewed sets'],
  ['annotators', 'Annotators', 'each annotator’s finished set (or the shared layer), with who and which version'],
  ['all', 'All', 'gold and every annotator’s sets'],
];
const STATUSES = Object.keys(STATUS_TEXT) as DocStatus[];

const PARTS: Array<[keyof ExportFormat['carries'], string]> = [['relations', 'relations'], ['docLabels', 'document labels'], ['notes', 'notes'], ['attrs', 'attributes']];
const carried = (f: ExportFormat): string => {
  const c = PARTS.filter(([k]) => f.carries[k]).map(([, t]) => t);
  return c.length ? `spans, ${c.join(', ')}` : 'spans only';
};
const dropped = (f: ExportFormat): string[] => PARTS.filter(([k]) => !f.carries[k]).map(([, t]) => t);

const toggle = (list: string[], value: string, on: boolean): string[] => (on ? [...new Set([...list, value])] : list.filter((x) => x !== value));

export function exportForm(host: ExportFormHost, project: ProjectDetail): TemplateResult {
  const c = host.choice;
  const f = host.format;
  const opts = new Set(f?.options ?? []);
  return html`<form class="export-form" @submit=${(e: Event) => e.preventDefault()}>
    <fieldset class="formats">
      <legend>Format</legend>
      ${host.formats.map((x) => html`<label class="format-option ${x.id === c.format ? 'chosen' : ''}">
        <input type="radio" name="format" value=${x.id} .checked=${x.id === c.format} @change=${() => host.choose({ format: x.id })} />
        <span class="format-name">${x.name} <span class="muted">.${x.extension}</span></span>
        <span class="format-meta">${OFFSET_SHORT[x.offsetUnit]} · ${carried(x)}</span>
      </label>`)}
      ${f ? html`<p class="format-note" aria-live="polite"><strong>${f.name}:</strong> offsets in ${OFFSET_TEXT[f.offsetUnit]}; carries ${carried(f)}.
        ${dropped(f).length ? html`<span class="warn-text">Leaves out ${dropped(f).join(', ')}.</span>` : 'Nothing is left out.'}</p>` : nothing}
    </fieldset>
    <div class="export-filters">
      <fieldset>
        <legend>Sets</legend>
        ${SETS.map(([id, name, what]) => html`<label class="choice"><input type="radio" name="sets" value=${id} .checked=${c.sets === id}
          @change=${() => host.choose({ sets: id })} /> <span><strong>${name}</strong> <span class="muted small">— ${what}</span></span></label>`)}
        <label class="choice"><input type="checkbox" .checked=${c.versions === 'all'} @change=${(e: Event) => host.choose({ versions: (e.target as HTMLInputElement).checked ? 'all' : 'latest' })} />
          <span>Every version <span class="muted small">(reopened sets too)</span></span></label>
      </fieldset>
      <fieldset>
        <legend>Document status <span class="muted small">(none ticked: all)</span></legend>
        ${STATUSES.map((s) => html`<label class="choice"><input type="checkbox" name="status" value=${s} .checked=${c.status.includes(s)}
          @change=${(e: Event) => host.choose({ status: toggle(c.status, s, (e.target as HTMLInputElement).checked) })} /> ${STATUS_TEXT[s]}</label>`)}
      </fieldset>
      <fieldset>
        <legend>Labels <span class="muted small">(none ticked: all)</span></legend>
        ${project.schema.spanLabels.map((l) => html`<label class="choice"><input type="checkbox" name="labels" value=${l.name} .checked=${c.labels.includes(l.name)}
          @change=${(e: Event) => host.choose({ labels: toggle(c.labels, l.name, (e.target as HTMLInputElement).checked) })} /> ${l.name}</label>`)}
        <p class="small muted">Relations are dropped only when one of their ends is; document labels are kept.</p>
      </fieldset>
      ${opts.size ? html`<fieldset>
        <legend>Format options</legend>
        ${opts.has('scheme') && !c.format.startsWith('conll-') ? html`<label class="choice">Tag scheme
          <select @change=${(e: Event) => host.choose({ scheme: (e.target as HTMLSelectElement).value as ExportChoice['scheme'] })}>
            <option value="iob2" ?selected=${c.scheme === 'iob2'}>IOB2</option><option value="bilou" ?selected=${c.scheme === 'bilou'}>BILOU</option></select></label>` : nothing}
        ${opts.has('tags') ? html`<label class="choice"><input type="checkbox" .checked=${c.tags === 'ids'} @change=${(e: Event) => host.choose({ tags: (e.target as HTMLInputElement).checked ? 'ids' : 'strings' })} /> Integer tags (ids into the label names)</label>` : nothing}
        ${opts.has('comments') ? html`<label class="choice"><input type="checkbox" .checked=${c.comments} @change=${(e: Event) => host.choose({ comments: (e.target as HTMLInputElement).checked })} /> Document comments (# lines)</label>` : nothing}
        ${opts.has('protectFormulas') ? html`<label class="choice"><input type="checkbox" .checked=${c.protectFormulas} @change=${(e: Event) => host.choose({ protectFormulas: (e.target as HTMLInputElement).checked })} /> Protect against spreadsheet formulas</label>` : nothing}
      </fieldset>` : nothing}
    </div>
  </form>`;
}
