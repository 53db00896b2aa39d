// <tt-agreement-dashboard>: a project's agreement in pictures (/projects/:pid/agreement): the
// headline figures, a pairwise heatmap, per-label bars, progress per annotator and per document
// state, and the label distribution; each chart with numbers on hover, a table of exact values,
// and the server's definition of the metric. Reviewers and owners only.
import { html, nothing, type TemplateResult } from 'lit';
import type { ProjectReport } from '../../shared/agreement/report-types.ts';
import type { MetricDefinition } from '../../shared/agreement/definitions.ts';
import type { DocumentSummary, ProjectDetail } from '../../shared/api.ts';
import { api, ApiError, projectLoadMessage } from '../api/http.ts';
import { LightElement } from '../app/light-element.ts';
import { projectPath } from '../app/routes.ts';
import { projectTabs } from '../review/project-tabs.ts';
import { definitionNote, exact, fmt, valuesTable } from './charts.ts';
import { distribution, documentStates, perLabel, progress, SERIES, STATUS_COLORS } from './dashboard-data.ts';
import { STATUS_TEXT } from '../app/format.ts';
import type { DocStatus } from '../../shared/domain.ts';
import './tt-heatmap.ts';
import './tt-bar-chart.ts';
import './dashboard.css';
import '../review/review.css';

type Definitions = Record<string, MetricDefinition>;

export class TtAgreementDashboard extends LightElement {
  static override properties = {
    projectId: { attribute: false },
    project: { state: true },
    report: { state: true },
    definitions: { state: true },
    documents: { state: true },
    error: { state: true },
    forbidden: { state: true },
  };
  declare projectId: string;
  declare project: ProjectDetail | null;
  declare report: ProjectReport | null;
  declare definitions: Definitions;
  declare documents: DocumentSummary[];
  declare error: string | null;
  declare forbidden: boolean;

  constructor() {
    super();
    this.project = null;
    this.report = null;
    this.definitions = {};
    this.documents = [];
    this.error = null;
    this.forbidden = false;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('projectId')) void this.load();
  }

  private async load(): Promise<void> {
    const pid = encodeURIComponent(this.projectId);
    this.report = null;
    this.error = null;
    this.forbidden = false;
    try {
      const [{ project }, agreement, { documents }] = await Promise.all([
        api.get<{ project: ProjectDetail }>(`/api/projects/${pid}`),
        api.get<{ report: ProjectReport; definitions: Definitions }>(`/api/projects/${pid}/agreement`),
        api.get<{ documents: DocumentSummary[] }>(`/api/projects/${pid}/documents`),
      ]);
      this.project = project;
      this.documents = documents;
      this.definitions = agreement.definitions;
      this.report = agreement.report;
      document.title = `Agreement · ${project.name} · Tagteam`;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return this.emit('unauthenticated', null);
      if (e instanceof ApiError && e.status === 403) this.forbidden = true;
      else this.error = projectLoadMessage(e);
    }
  }

  override render(): TemplateResult {
    if (this.error) return html`<section class="page"><p class="notice error" role="alert">${this.error} <a href="/">Back to your projects</a></p></section>`;
    if (this.forbidden) {
      return html`<section class="page not-allowed"><h1>Not allowed</h1><p class="notice error" role="alert">Only reviewers and owners of this project see agreement figures.</p>
        <p><a href=${projectPath(this.projectId)}>Back to the project</a></p></section>`;
    }
    const p = this.project;
    const r = this.report;
    if (!p || !r) return html`<section class="page"><p class="muted" aria-busy="true">Computing agreement…</p></section>`;
    const d = this.definitions;
    return html`<section class="page dashboard" aria-labelledby="ag-title">
      ${projectTabs(p, 'agreement')}
      <h1 id="ag-title">Agreement</h1>
      ${this.headline(r)}
      ${r.documents === 0 ? html`<p class="empty">No finished annotation sets yet. Figures appear once annotators submit documents; pairwise agreement once two annotators finished the same document.</p>` : nothing}
      <div class="dash-grid">
        <section class="chart-card" aria-labelledby="h-heat"><h2 id="h-heat">Pairwise agreement</h2>
          <p class="muted small">Each cell compares two annotators on the documents both finished.</p>
          <tt-heatmap .report=${r}></tt-heatmap>
          ${definitionNote(d.spanF1Exact)}${definitionNote(d.spanF1Overlap)}${definitionNote(d.cohenKappa)}
        </section>
        <section class="chart-card" aria-labelledby="h-labels"><h2 id="h-labels">Agreement per label</h2>
          ${this.perLabelChart(r)}${definitionNote(d.perLabel)}${definitionNote(d.krippendorffAlpha)}
        </section>
        <section class="chart-card" aria-labelledby="h-progress"><h2 id="h-progress">Progress</h2>${this.progressCharts(r, p)}</section>
        <section class="chart-card" aria-labelledby="h-dist"><h2 id="h-dist">Label distribution</h2>${this.distributionChart(r, p)}</section>
      </div>
      ${this.docLabels(r)}
      <section class="definitions" aria-labelledby="h-defs"><h2 id="h-defs">Definitions</h2>
        <dl>${Object.values(d).map((m) => html`<dt>${m.name}</dt><dd>${m.definition}<br /><span class="muted">Unit: ${m.tokenisation}</span></dd>`)}</dl>
      </section>
    </section>`;
  }

  private headline(r: ProjectReport): TemplateResult {
    const t = r.tokenAgreement;
    const items: Array<[string, string, string]> = [
      ['Documents with finished sets', String(r.documents), `${r.comparedDocuments} with two or more annotators`],
      ['Annotators', String(r.annotators.length), r.annotators.join(', ') || '—'],
      ['Tokens', r.tokens.toLocaleString(), 'compared token by token'],
      ["Krippendorff's α", fmt(t.alpha.value), `${t.alpha.units.toLocaleString()} tokens with two or more ratings`],
      ["Fleiss' κ", fmt(t.fleiss.value), t.fleiss.excludedItems ? `${t.fleiss.excludedItems} tokens left out (different number of annotators)` : `${t.fleiss.raters} annotators per token`],
    ];
    return html`<ul class="headline" aria-label="Headline figures">${items.map(([k, v, sub]) => html`<li><span class="h-label">${k}</span><span class="h-value">${v}</span><span class="h-sub">${sub}</span></li>`)}</ul>`;
  }

  private perLabelChart(r: ProjectReport): TemplateResult {
    const { rows, table } = perLabel(r);
    if (rows.length === 0) return html`<p class="empty">No labelled spans yet.</p>`;
    const min = Math.min(0, ...rows.flatMap((x) => x.segments.map((s) => s.value ?? 0)));
    return html`<tt-bar-chart .rows=${rows} .mode=${'grouped'} .min=${min} .max=${1} .chartTitle=${'Agreement per label: Krippendorff alpha and Cohen kappa on tokens'}
      .legend=${[{ name: "Krippendorff's α", color: SERIES.alpha }, { name: "Cohen's κ (mean of pairs)", color: SERIES.kappa }]}></tt-bar-chart>
      ${valuesTable(table)}`;
  }

  private progressCharts(r: ProjectReport, p: ProjectDetail): TemplateResult {
    const annotators = p.members.filter((m) => m.role === 'annotator').map((m) => m.username);
    const per = progress(r, this.documents, p.mode === 'independent' ? annotators : []);
    const states = documentStates(this.documents);
    const maxTrack = Math.max(1, ...per.rows.map((x) => x.track ?? 0));
    return html`<h3>Documents per annotator <span class="muted small">(submitted / assigned)</span></h3>
      ${per.rows.length ? html`<tt-bar-chart .rows=${per.rows} .max=${maxTrack} .chartTitle=${'Documents submitted and assigned per annotator'}></tt-bar-chart>` : html`<p class="muted">Nobody is assigned documents yet.</p>`}
      ${valuesTable(per.table)}
      <h3>Documents by state</h3>
      <tt-bar-chart .rows=${states.rows} .max=${Math.max(1, this.documents.length)} .chartTitle=${'Documents by state'}
        .legend=${(Object.keys(STATUS_COLORS) as DocStatus[]).map((s) => ({ name: STATUS_TEXT[s], color: STATUS_COLORS[s] }))}></tt-bar-chart>
      ${valuesTable(states.table)}`;
  }

  private distributionChart(r: ProjectReport, p: ProjectDetail): TemplateResult {
    const { rows, table, legend } = distribution(r, p.schema.spanLabels);
    if (rows.length === 0) return html`<p class="empty">No spans in finished sets yet.</p>`;
    const max = Math.max(1, ...rows.map((x) => x.segments.reduce((a, s) => a + (s.value ?? 0), 0)));
    return html`<tt-bar-chart .rows=${rows} .max=${max} .chartTitle=${'Spans per label for each annotator'} .legend=${legend}></tt-bar-chart>${valuesTable(table)}`;
  }

  private docLabels(r: ProjectReport): TemplateResult | typeof nothing {
    if (r.docLabels.length === 0) return nothing;
    return html`<section class="chart-card" aria-labelledby="h-doclabels"><h2 id="h-doclabels">Document labels</h2>
      ${valuesTable({ caption: 'Agreement on document labels', head: ['Label set', 'Choice', 'Items', "Krippendorff's α", "Fleiss' κ", "Cohen's κ (pairs)"],
        rows: r.docLabels.map((x) => [x.name, x.choice, x.items, exact(x.alpha.value), exact(x.fleiss.value), x.cohen.map((c) => `${c.a}×${c.b} ${fmt(c.kappa.value)}`).join('; ') || 'n/a']), numeric: [2, 3, 4] })}
      ${definitionNote(this.definitions.docLabels)}</section>`;
  }
}

customElements.define('tt-agreement-dashboard', TtAgreementDashboard);
