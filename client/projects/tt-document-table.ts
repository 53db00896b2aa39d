// <tt-document-table>: a project's documents with status, assignees and who is working on each
// right now.
import { html, nothing, type TemplateResult } from 'lit';
import type { DocumentSummary } from '../../shared/api.ts';
import type { ProjectMode, Role } from '../../shared/domain.ts';
import { LightElement } from '../app/light-element.ts';
import { STATUS_TEXT } from '../app/format.ts';
import { documentPath } from '../app/routes.ts';

export class TtDocumentTable extends LightElement {
  static override properties = { documents: { attribute: false }, role: { attribute: false }, mode: { attribute: false } };
  declare documents: DocumentSummary[];
  declare role: Role;
  declare mode: ProjectMode;

  override render(): TemplateResult {
    if (this.documents.length === 0) {
      return html`<p class="empty">No documents yet — ${this.role === 'owner' ? 'import a file (plain text, JSONL, doccano, Label Studio or brat) through the import API.' : 'the project owner imports them.'}</p>`;
    }
    const showAssignees = this.role !== 'annotator';
    return html`<table class="doc-table">
      <caption class="visually-hidden">Documents of this project</caption>
      <thead><tr>
        <th scope="col">#</th><th scope="col">Title</th><th scope="col">Status</th>
        ${showAssignees ? html`<th scope="col">Assignees</th>` : nothing}
        <th scope="col">Working now</th><th scope="col" class="num">Length</th>
      </tr></thead>
      <tbody>${this.documents.map((d) => this.row(d, showAssignees))}</tbody>
    </table>`;
  }

  private row(d: DocumentSummary, showAssignees: boolean): TemplateResult {
    return html`<tr>
      <td class="num muted">${d.position + 1}</td>
      <td><a href=${documentPath(d.id)}>${d.title}</a>${d.mineSubmitted ? html` <span class="pill ok">submitted</span>` : nothing}</td>
      <td><span class="status status-${d.status}">${STATUS_TEXT[d.status]}</span></td>
      ${showAssignees ? html`<td>${d.assignees.length ? d.assignees.join(', ') : html`<span class="muted">${this.mode === 'collaborative' ? 'everyone' : 'none'}</span>`}</td>` : nothing}
      <td>${d.activeUsers.length
        ? html`<span class="active-users"><span class="live-dot" aria-hidden="true"></span>${d.activeUsers.join(', ')}</span>`
        : html`<span class="muted">—</span>`}</td>
      <td class="num muted">${d.chars.toLocaleString()} chars</td>
    </tr>`;
  }
}

customElements.define('tt-document-table', TtDocumentTable);
