// Creates the demo workspace: a live collaborative project and a blind double-annotation project
// over the demo articles, with two annotators and a reviewer.
import type { Store } from '../../db/store.ts';
import type { Role, TagSchema } from '../../shared/domain.ts';
import { sha256Hex } from '../../shared/formats/index.ts';
import { generatePassword, hashPassword } from '../auth/passwords.ts';
import { colorFor } from '../services/colors.ts';
import { DEMO_SECOND_TEXT, DEMO_SECOND_TITLE, DEMO_TEXT, DEMO_TITLE } from './article.ts';

export const DEMO_SCHEMA: TagSchema = {
  spanLabels: [
    { name: 'PERSON', color: '#1f77b4', hotkey: '1' },
    { name: 'ORG', color: '#2ca02c', hotkey: '2' },
    { name: 'GPE', color: '#d62728', hotkey: '3' },
    { name: 'DATE', color: '#9467bd', hotkey: '4' },
    { name: 'EVENT', color: '#ff7f0e', hotkey: '5' },
  ],
  relationTypes: [{ name: 'works_for' }, { name: 'located_in' }],
  docLabelSets: [
    { name: 'topic', choice: 'single', values: ['politics', 'economy', 'culture', 'transport'] },
    { name: 'tone', choice: 'multiple', values: ['neutral', 'critical', 'hopeful'] },
  ],
};

const GUIDELINES = `# Demo guidelines

Tag **names**, not descriptions: "Amara Okafor" is a PERSON, "the councillor" is not.

- **PERSON** — people by name. Leave titles out ("councillor Amara Okafor" → "Amara Okafor").
- **ORG** — companies, councils, trusts, unions, universities.
- **GPE** — cities, regions, countries.
- **DATE** — absolute or relative dates ("Tuesday", "14 October 2025", "the spring of 2028").
- **EVENT** — named or clearly bounded events ("the February floods").

Relations: *works_for* links a PERSON to an ORG; *located_in* links an ORG or GPE to a GPE.
`;

export async function createDemo(store: Store, adminId: string): Promise<{ users: Array<{ username: string; password: string; role: Role }> }> {
  const people: Array<{ username: string; displayName: string; role: Role }> = [
    { username: 'ann1', displayName: 'Ana (annotator)', role: 'annotator' },
    { username: 'ann2', displayName: 'Ben (annotator)', role: 'annotator' },
    { username: 'rev1', displayName: 'Rita (reviewer)', role: 'reviewer' },
  ];
  const created = [];
  for (const p of people) {
    const password = generatePassword();
    const u = await store.users.create({ username: p.username, displayName: p.displayName, color: colorFor(p.username), passwordHash: await hashPassword(password) });
    created.push({ ...p, id: u.id, password });
  }
  const docs = [
    { title: DEMO_TITLE, text: DEMO_TEXT, textHash: sha256Hex(DEMO_TEXT), meta: { source: 'Tagteam demo' } },
    { title: DEMO_SECOND_TITLE, text: DEMO_SECOND_TEXT, textHash: sha256Hex(DEMO_SECOND_TEXT), meta: { source: 'Tagteam demo' } },
  ];
  for (const mode of ['collaborative', 'independent'] as const) {
    const project = await store.projects.create(
      {
        name: mode === 'collaborative' ? 'Demo — newsroom (live, shared layer)' : 'Demo — blind double annotation',
        guidelines: GUIDELINES,
        schema: DEMO_SCHEMA,
        mode,
        overlap: mode === 'independent' ? 2 : 1,
      },
      adminId,
    );
    for (const c of created) await store.projects.setMember(project.id, c.id, c.role);
    await store.db.transaction(async (tx) => {
      await store.documents.insertMany(tx, project.id, docs);
      await store.projects.balanceAssignments(project.id, tx);
    });
  }
  return { users: created.map((c) => ({ username: c.username, password: c.password, role: c.role })) };
}
