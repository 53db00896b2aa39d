// <tt-export-progress>: a download under way as a progress bar (documents written of the total),
// then its summary (documents, sets, spans, size, warnings), or why it failed.
import { html, nothing, type TemplateResult } from 'lit';
import { LightElement } from '../app/light-element.ts';
import { plural } from '../app/format.ts';
import { formatBytes, type ExportProgressState } from './export-api.ts';
import type { DownloadState } from './export-progress.controller.ts';

export class TtExportProgress extends LightElement {
  static override properties = { state: { attribute: false } };
  declare state: DownloadState;

  override updated(changed: Map<string, unknown>): void {
    // A new phase (started, finished, failed) is brought into view: the button may be far above.
    const before = changed.get('state') as DownloadState | undefined;
    if (changed.has('state') && before?.phase !== this.state.phase && this.state.phase !== 'idle') this.scrollIntoView({ block: 'nearest' });
  }

  override render(): TemplateResult | typeof nothing {
    const s = this.state;
    switch (s.phase) {
      case 'idle':
        return nothing;
      case 'starting':
        return html`<div class="export-progress" role="status" aria-live="polite"><p>Starting the download…</p>
          <progress aria-label="Export progress"></progress></div>`;
      case 'lost':
        return html`<div class="export-progress failed" role="alert"><p><strong>Could not follow the download.</strong> ${s.message}</p></div>`;
      case 'running':
      case 'done':
      case 'failed': {
        const p = s.progress;
        const total = Math.max(p.total.documents, p.documents);
        const pct = s.phase === 'done' ? 100 : total ? Math.min(99, Math.floor((p.documents / total) * 100)) : 0;
        return html`<div class="export-progress ${s.phase}" role=${s.phase === 'failed' ? 'alert' : 'status'} aria-live="polite" data-phase=${s.phase} data-percent=${pct}>
          <div class="bar-line">
            <progress max="100" .value=${pct} aria-label="Export progress"></progress>
            <span class="pct">${pct}%</span>
          </div>
          <p class="small muted">${p.documents.toLocaleString()} of ${total.toLocaleString()} documents · ${formatBytes(p.bytes)}</p>
          ${s.phase === 'done' ? this.summary(s.progress) : nothing}
          ${s.phase === 'failed' ? html`<p class="notice error"><span><strong>The export failed.</strong> ${sentence(p.error ?? 'No reason was given.')} ${p.bytes > 0 ? 'The downloaded file is incomplete: delete it.' : 'Nothing was written.'}
            Fix what the message names (or leave that document out with the filters), then download again.</span></p>` : nothing}
        </div>`;
      }
    }
  }

  private summary(p: ExportProgressState): TemplateResult {
    const warnings = p.warningCount ?? 0;
    return html`<div class="export-summary">
      <p><strong>Done.</strong> The file is in your downloads.</p>
      <ul class="summary-figures">
        <li><strong>${p.documents.toLocaleString()}</strong> ${p.documents === 1 ? 'document' : 'documents'}</li>
        <li><strong>${p.sets.toLocaleString()}</strong> annotation ${p.sets === 1 ? 'set' : 'sets'}</li>
        <li><strong>${p.spans.toLocaleString()}</strong> ${p.spans === 1 ? 'span' : 'spans'}</li>
        <li><strong>${formatBytes(p.bytes)}</strong></li>
        <li class=${warnings ? 'warn' : ''}><strong>${warnings}</strong> ${warnings === 1 ? 'warning' : 'warnings'}</li>
      </ul>
      ${warnings ? html`<details class="warnings" open><summary>${plural(warnings, 'warning')} (what the format could not carry)</summary>
        <ul>${(p.warnings ?? []).map((w) => html`<li><code>${w.docId}</code> · ${w.annotator}: ${w.message}</li>`)}</ul>
        ${warnings > (p.warnings?.length ?? 0) ? html`<p class="small muted">Showing the first ${p.warnings?.length ?? 0}.</p>` : nothing}</details>` : nothing}
    </div>`;
  }
}

/** The server's reason as a sentence (capital first letter, final full stop). */
const sentence = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}`;

customElements.define('tt-export-progress', TtExportProgress);
