// `tagteam project create|list|add-member`: projects from a schema file, and their members.
import { readFile } from 'node:fs/promises';
import { memberBody, projectBody } from '../http/schemas.ts';
import type { Command } from './command.ts';

export const projectCommand: Command = {
  name: 'project',
  usage: 'project create <schema.json> --name N --owner U [--mode collaborative|independent] [--overlap K] [--guidelines file.md] | project list | project add-member <projectId> <username> <role>',
  summary: 'create a project from a tag schema file ({spanLabels, relationTypes, docLabelSets}), list projects, add members',
  options: { name: { type: 'string' }, owner: { type: 'string' }, mode: { type: 'string' }, overlap: { type: 'string' }, guidelines: { type: 'string' } },
  async run({ store, args, options, out, err }) {
    const [action, a1, a2, a3] = args;
    if (action === 'list') {
      for (const p of await store.projects.listFor('', true)) out(`${p.id}\t${p.name}\t${p.mode}\toverlap ${p.overlap}\t${p.documents} documents`);
      return 0;
    }
    if (action === 'add-member' && a1 && a2 && a3) {
      const role = memberBody.parse({ role: a3 }).role;
      const u = await store.users.byUsername(a2);
      if (!u || !(await store.projects.get(a1))) {
        err('no such user or project');
        return 1;
      }
      await store.projects.setMember(a1, u.id, role);
      const assigned = await store.projects.balanceAssignments(a1);
      out(`${a2} is now ${role} of ${a1}${assigned ? ` (${assigned} assignments added)` : ''}`);
      return 0;
    }
    if (action !== 'create' || !a1 || typeof options.name !== 'string' || typeof options.owner !== 'string') {
      err(`usage: tagteam ${projectCommand.usage}`);
      return 2;
    }
    const owner = await store.users.byUsername(options.owner);
    if (!owner) {
      err(`no user "${options.owner}"`);
      return 1;
    }
    const schemaJson: unknown = JSON.parse(await readFile(a1, 'utf8'));
    const parsed = projectBody.safeParse({
      name: options.name,
      schema: schemaJson,
      guidelines: typeof options.guidelines === 'string' ? await readFile(options.guidelines, 'utf8') : '',
      ...(typeof options.mode === 'string' ? { mode: options.mode } : {}),
      ...(typeof options.overlap === 'string' ? { overlap: Number(options.overlap) } : {}),
    });
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      err(`invalid project: ${i?.path.join('.') ?? ''} ${i?.message ?? ''}`.trim());
      return 1;
    }
    const p = await store.projects.create(parsed.data, owner.id);
    out(`created project ${p.id} "${p.name}" (${p.mode}), owner ${owner.username}`);
    return 0;
  },
};
