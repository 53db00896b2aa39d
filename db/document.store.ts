// Documents (text stored once, never changed), their derived status, and the facts the
// permission rules need about one user and one document.
import type { DocStatus, ProjectMode, Role } from '../shared/domain.ts';
import type { Sqlite, Tx } from './sqlite.ts';
import { newEntityId } from './ids.ts';

export interface DocumentRow {
  id: string;
  projectId: string;
  position: number;
  title: string;
  text: string;
  textHash: string;
  meta: Record<string, unknown>;
}
export interface NewDocument {
  title: string;
  text: string;
  textHash: string;
  meta: Record<string, unknown>;
  /** The text's token offsets as stored bytes (shared/formats/tokens.ts), and what produced them. */
  tokens?: StoredTokens;
}
export interface StoredTokens {
  tokenizer: string;
  tokens: Uint8Array;
}
export interface DocumentStatusRow {
  id: string;
  title: string;
  position: number;
  chars: number;
  status: DocStatus;
  assignees: string[];
  assigneeIds: string[];
  submittedOwners: string[];
}

type RawDoc = { id: string; project_id: string; position: number; title: string; text: string; text_hash: string; meta_json: string };
const toDoc = (r: RawDoc): DocumentRow => ({
  id: r.id,
  projectId: r.project_id,
  position: r.position,
  title: r.title,
  text: r.text,
  textHash: r.text_hash,
  meta: JSON.parse(r.meta_json) as Record<string, unknown>,
});

const HAS_CONTENT = `(l.snapshot IS NOT NULL OR EXISTS (SELECT 1 FROM layer_updates u WHERE u.layer_id = l.id))`;
const STATUS_SQL = `
  SELECT d.id, d.title, d.position, length(d.text) AS chars, p.mode, p.overlap,
    (SELECT group_concat(s.owner) FROM annotation_sets s WHERE s.document_id = d.id AND s.reopened_at IS NULL) AS submitted,
    EXISTS (SELECT 1 FROM layers l WHERE l.document_id = d.id AND l.name = d.id || '/gold' AND ${HAS_CONTENT}) AS gold_started,
    EXISTS (SELECT 1 FROM layers l WHERE l.document_id = d.id AND l.name <> d.id || '/predictions' AND ${HAS_CONTENT}) AS started,
    (SELECT group_concat(u.username || ':' || u.id) FROM assignments a JOIN users u ON u.id = a.user_id WHERE a.document_id = d.id) AS assignees
  FROM documents d JOIN projects p ON p.id = d.project_id`;

type RawStatus = {
  id: string;
  title: string;
  position: number;
  chars: number;
  mode: ProjectMode;
  overlap: number;
  submitted: string | null;
  gold_started: number;
  started: number;
  assignees: string | null;
};

function toStatus(r: RawStatus): DocumentStatusRow {
  const owners = r.submitted ? r.submitted.split(',') : [];
  const userSets = owners.filter((o) => o !== 'gold' && o !== 'shared').length;
  const annotated = r.mode === 'collaborative' ? owners.includes('shared') : userSets >= r.overlap;
  const status: DocStatus = owners.includes('gold')
    ? 'done'
    : r.gold_started
      ? 'in_review'
      : annotated
        ? 'annotated'
        : r.started
          ? 'in_progress'
          : 'new';
  const pairs = r.assignees ? r.assignees.split(',').map((s) => s.split(':')) : [];
  return {
    id: r.id,
    title: r.title,
    position: r.position,
    chars: r.chars,
    status,
    assignees: pairs.map((p) => p[0]!),
    assigneeIds: pairs.map((p) => p[1]!),
    submittedOwners: owners,
  };
}

/** sqlite3 binds a Node Buffer as a BLOB: the same bytes, without a copy. */
const asBlob = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

export class DocumentStore {
  constructor(private readonly db: Sqlite) {}

  /** Inserts documents at the end of the project, inside the caller's transaction. */
  async insertMany(tx: Tx, projectId: string, docs: NewDocument[]): Promise<DocumentRow[]> {
    const max = await tx.get<{ m: number | null }>('SELECT max(position) AS m FROM documents WHERE project_id = ?', [projectId]);
    let position = (max?.m ?? -1) + 1;
    const now = Date.now();
    const out: DocumentRow[] = [];
    for (const { tokens, ...d } of docs) {
      const id = newEntityId('d');
      await tx.run('INSERT INTO documents (id, project_id, position, title, text, text_hash, meta_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        id,
        projectId,
        position,
        d.title,
        d.text,
        d.textHash,
        JSON.stringify(d.meta),
        now,
      ]);
      if (tokens) await tx.run('INSERT INTO document_tokens (document_id, tokenizer, tokens) VALUES (?, ?, ?)', [id, tokens.tokenizer, asBlob(tokens.tokens)]);
      out.push({ id, projectId, position: position++, ...d });
    }
    return out;
  }

  /**
   * Stores (or replaces) documents' token offsets in one transaction; a document deleted meanwhile
   * is skipped. Token offsets are derived data: export back-fills them for documents without.
   */
  async saveTokens(rows: ReadonlyArray<{ documentId: string } & StoredTokens>): Promise<void> {
    if (rows.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const r of rows) {
        await tx.run('INSERT OR REPLACE INTO document_tokens (document_id, tokenizer, tokens) SELECT id, ?, ? FROM documents WHERE id = ?', [r.tokenizer, asBlob(r.tokens), r.documentId]);
      }
    });
  }

  /** A document's stored token offsets, whatever tokenizer made them. */
  async tokens(documentId: string): Promise<StoredTokens | undefined> {
    const r = await this.db.get<{ tokenizer: string; tokens: Uint8Array }>('SELECT tokenizer, tokens FROM document_tokens WHERE document_id = ?', [documentId]);
    return r && { tokenizer: r.tokenizer, tokens: new Uint8Array(r.tokens.buffer, r.tokens.byteOffset, r.tokens.byteLength) };
  }

  /** The stored token offsets of a project's documents made by `tokenizer` (others are stale), by document id. */
  async projectTokens(projectId: string, tokenizer: string): Promise<Map<string, Uint8Array>> {
    const rows = await this.db.all<{ document_id: string; tokens: Uint8Array }>(
      'SELECT t.document_id, t.tokens FROM document_tokens t JOIN documents d ON d.id = t.document_id WHERE d.project_id = ? AND t.tokenizer = ?',
      [projectId, tokenizer],
    );
    return new Map(rows.map((r) => [r.document_id, new Uint8Array(r.tokens.buffer, r.tokens.byteOffset, r.tokens.byteLength)]));
  }

  async get(id: string): Promise<DocumentRow | undefined> {
    const r = await this.db.get<RawDoc>('SELECT * FROM documents WHERE id = ?', [id]);
    return r && toDoc(r);
  }

  async listWithStatus(projectId: string): Promise<DocumentStatusRow[]> {
    const rows = await this.db.all<RawStatus>(`${STATUS_SQL} WHERE d.project_id = ? ORDER BY d.position`, [projectId]);
    return rows.map(toStatus);
  }

  async status(documentId: string): Promise<DocumentStatusRow | undefined> {
    const r = await this.db.get<RawStatus>(`${STATUS_SQL} WHERE d.id = ?`, [documentId]);
    return r && toStatus(r);
  }

  /** Everything the permission rules need about one user and one document, in one query. */
  async facts(userId: string, documentId: string): Promise<{ projectId: string; mode: ProjectMode; role: Role | null; assigned: boolean } | undefined> {
    const r = await this.db.get<{ project_id: string; mode: ProjectMode; role: Role | null; assigned: number }>(
      `SELECT d.project_id, p.mode,
         (SELECT role FROM members m WHERE m.project_id = d.project_id AND m.user_id = ?) AS role,
         EXISTS (SELECT 1 FROM assignments a WHERE a.document_id = d.id AND a.user_id = ?) AS assigned
       FROM documents d JOIN projects p ON p.id = d.project_id WHERE d.id = ?`,
      [userId, userId, documentId],
    );
    return r && { projectId: r.project_id, mode: r.mode, role: r.role, assigned: r.assigned === 1 };
  }

  /** Labels, relation types and label-set values that annotations anywhere in the project use. */
  async usedVocabulary(projectId: string): Promise<{ labels: Set<string>; relationTypes: Set<string>; docLabels: Set<string> }> {
    const q = (sql: string) => this.db.all<{ v: string }>(sql, [projectId]).then((rows) => new Set(rows.map((r) => r.v)));
    const inProject = 'SELECT s.id FROM annotation_sets s JOIN documents d ON d.id = s.document_id WHERE d.project_id = ?';
    return {
      labels: await q(`SELECT DISTINCT label AS v FROM set_spans WHERE set_id IN (${inProject})`),
      relationTypes: await q(`SELECT DISTINCT type AS v FROM set_relations WHERE set_id IN (${inProject})`),
      docLabels: await q(`SELECT DISTINCT label_set || '=' || value AS v FROM set_doc_labels WHERE set_id IN (${inProject})`),
    };
  }
}
