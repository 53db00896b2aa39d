// The breadcrumb and tabs above a project's reviewer pages (review queue, agreement, export), so
// moving between them is one click and the current one is announced as the current page.
import { html, type TemplateResult } from 'lit';
import type { ProjectDetail } from '../../shared/api.ts';
import { projectPath } from '../app/routes.ts';

export type ProjectTab = 'review' | 'agreement' | 'export';

const TABS: Array<[ProjectTab, string]> = [
  ['review', 'Review queue'],
  ['agreement', 'Agreement'],
  ['export', 'Export'],
];

export function projectTabs(p: Pick<ProjectDetail, 'id' | 'name'>, current: ProjectTab): TemplateResult {
  const base = projectPath(p.id);
  return html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/">Projects</a> <span aria-hidden="true">▸</span> <a href=${base}>${p.name}</a></nav>
    <nav class="project-tabs" aria-label="Project pages">
      <a href=${base}>Documents</a>
      ${TABS.map(([id, text]) => html`<a href=${`${base}/${id}`} aria-current=${id === current ? 'page' : 'false'}>${text}</a>`)}
    </nav>`;
}
