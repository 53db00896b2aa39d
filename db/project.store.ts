// Projects, their members and the document assignments of independent mode.
import type { ProjectMode, Role, TagSchema } from '../shared/domain.ts';
import type { Sqlite, Tx } from './sqlite.ts';
import { newEntityId } from './ids.ts';

export interface ProjectRow {
  id: string;
  name: string;
  guidelines: string;
  schema: TagSchema;
  mode: ProjectMode;
  overlap: number;
}
export interface MemberRow {
  userId: string;
  username: string;
  displayName: string;
  color: string;
  role: Role;
}

type RawProject = { id: string; name: string; guidelines: string; schema_json: string; mode: ProjectMode; overlap: number };
const toProject = (r: RawProject): ProjectRow => ({
  id: r.id,
  name: r.name,
  guidelines: r.guidelines,
  schema: JSON.parse(r.schema_json) as TagSchema,
  mode: r.mode,
  overlap: r.overlap,
});

export class ProjectStore {
  constructor(private readonly db: Sqlite) {}

  async create(p: Omit<ProjectRow, 'id'>, ownerId: string): Promise<ProjectRow> {
    const id = newEntityId('p');
    const now = Date.now();
    await this.db.transaction(async (tx) => {
      await tx.run('INSERT INTO projects (id, name, guidelines, schema_json, mode, overlap, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        id,
        p.name,
        p.guidelines,
        JSON.stringify(p.schema),
        p.mode,
        p.overlap,
        now,
        now,
      ]);
      await tx.run('INSERT INTO members (project_id, user_id, role) VALUES (?, ?, ?)', [id, ownerId, 'owner']);
    });
    return { id, ...p };
  }

  async get(id: string): Promise<ProjectRow | undefined> {
    const r = await this.db.get<RawProject>('SELECT * FROM projects WHERE id = ?', [id]);
    return r && toProject(r);
  }

  /** Projects the user is a member of (all projects for an admin), with the user's role. */
  async listFor(userId: string, isAdmin: boolean): Promise<Array<ProjectRow & { role: Role; documents: number }>> {
    const rows = await this.db.all<RawProject & { role: Role | null; documents: number }>(
      `SELECT p.*, m.role AS role, (SELECT count(*) FROM documents d WHERE d.project_id = p.id) AS documents
       FROM projects p LEFT JOIN members m ON m.project_id = p.id AND m.user_id = ?
       WHERE m.user_id IS NOT NULL OR ? = 1 ORDER BY p.created_at`,
      [userId, isAdmin ? 1 : 0],
    );
    return rows.map((r) => ({ ...toProject(r), role: r.role ?? 'owner', documents: r.documents }));
  }

  async update(id: string, patch: Partial<Omit<ProjectRow, 'id'>>): Promise<void> {
    const cur = await this.get(id);
    if (!cur) return;
    const next = { ...cur, ...patch };
    await this.db.transaction((tx) =>
      tx.run('UPDATE projects SET name = ?, guidelines = ?, schema_json = ?, mode = ?, overlap = ?, updated_at = ? WHERE id = ?', [
        next.name,
        next.guidelines,
        JSON.stringify(next.schema),
        next.mode,
        next.overlap,
        Date.now(),
        id,
      ]),
    );
  }

  async role(projectId: string, userId: string): Promise<Role | null> {
    const r = await this.db.get<{ role: Role }>('SELECT role FROM members WHERE project_id = ? AND user_id = ?', [projectId, userId]);
    return r?.role ?? null;
  }

  async members(projectId: string): Promise<MemberRow[]> {
    const rows = await this.db.all<{ user_id: string; username: string; display_name: string; color: string; role: Role }>(
      `SELECT m.user_id, u.username, u.display_name, u.color, m.role FROM members m JOIN users u ON u.id = m.user_id
       WHERE m.project_id = ? ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'reviewer' THEN 1 ELSE 2 END, u.username`,
      [projectId],
    );
    return rows.map((r) => ({ userId: r.user_id, username: r.username, displayName: r.display_name, color: r.color, role: r.role }));
  }

  async setMember(projectId: string, userId: string, role: Role): Promise<void> {
    await this.db.transaction((tx) =>
      tx.run('INSERT INTO members (project_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT(project_id, user_id) DO UPDATE SET role = excluded.role', [
        projectId,
        userId,
        role,
      ]),
    );
  }

  async removeMember(projectId: string, userId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM members WHERE project_id = ? AND user_id = ?', [projectId, userId]);
      await tx.run('DELETE FROM assignments WHERE user_id = ? AND document_id IN (SELECT id FROM documents WHERE project_id = ?)', [userId, projectId]);
    });
  }

  /**
   * Brings every document of an independent project up to `overlap` assignees, choosing the
   * least-loaded annotators first (ties by username), so the work is balanced. Idempotent.
   */
  async balanceAssignments(projectId: string, tx?: Tx): Promise<number> {
    const run = async (t: Tx) => {
      const p = await t.get<{ mode: string; overlap: number }>('SELECT mode, overlap FROM projects WHERE id = ?', [projectId]);
      if (!p || p.mode !== 'independent') return 0;
      const annotators = await t.all<{ user_id: string; load: number }>(
        `SELECT m.user_id, (SELECT count(*) FROM assignments a JOIN documents d ON d.id = a.document_id
           WHERE a.user_id = m.user_id AND d.project_id = m.project_id) AS load
         FROM members m JOIN users u ON u.id = m.user_id WHERE m.project_id = ? AND m.role = 'annotator' ORDER BY u.username`,
        [projectId],
      );
      if (annotators.length === 0) return 0;
      const docs = await t.all<{ id: string; assigned: string | null }>(
        `SELECT d.id, (SELECT group_concat(a.user_id) FROM assignments a WHERE a.document_id = d.id) AS assigned
         FROM documents d WHERE d.project_id = ? ORDER BY d.position`,
        [projectId],
      );
      let added = 0;
      const now = Date.now();
      for (const d of docs) {
        const have = new Set(d.assigned ? d.assigned.split(',') : []);
        while (have.size < Math.min(p.overlap, annotators.length)) {
          annotators.sort((a, b) => a.load - b.load);
          const next = annotators.find((a) => !have.has(a.user_id))!;
          await t.run('INSERT INTO assignments (document_id, user_id, assigned_at) VALUES (?, ?, ?)', [d.id, next.user_id, now]);
          have.add(next.user_id);
          next.load++;
          added++;
        }
      }
      return added;
    };
    return tx ? run(tx) : this.db.transaction(run);
  }
}
