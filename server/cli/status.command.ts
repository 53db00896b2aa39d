// `tagteam status [projectId]`: documents per status, per project or for one project in detail.
import type { Command } from './command.ts';

export const statusCommand: Command = {
  name: 'status',
  usage: 'status [projectId]',
  summary: 'show each project with its documents per status (or one project, document by document)',
  options: {},
  async run({ store, args, out, err }) {
    const [projectId] = args;
    if (projectId) {
      const p = await store.projects.get(projectId);
      if (!p) {
        err(`no project ${projectId}`);
        return 1;
      }
      out(`${p.name} (${p.mode}, overlap ${p.overlap})`);
      for (const d of await store.documents.listWithStatus(projectId)) {
        out(`  ${d.id}  ${d.status.padEnd(11)} ${d.title}${d.assignees.length ? `  [${d.assignees.join(', ')}]` : ''}`);
      }
      return 0;
    }
    for (const p of await store.projects.listFor('', true)) {
      const counts = new Map<string, number>();
      for (const d of await store.documents.listWithStatus(p.id)) counts.set(d.status, (counts.get(d.status) ?? 0) + 1);
      out(`${p.id}  ${p.name}  ${[...counts].map(([s, n]) => `${s} ${n}`).join(', ') || 'no documents'}`);
    }
    return 0;
  },
};
