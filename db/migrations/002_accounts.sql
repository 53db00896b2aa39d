-- Accounts, projects, documents, assignments and finished annotation sets.
CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name  TEXT NOT NULL,
  color         TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  is_admin      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE projects (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  guidelines  TEXT NOT NULL DEFAULT '',
  schema_json TEXT NOT NULL,
  mode        TEXT NOT NULL CHECK (mode IN ('collaborative', 'independent')),
  overlap     INTEGER NOT NULL DEFAULT 1 CHECK (overlap >= 1),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

CREATE TABLE members (
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('owner', 'reviewer', 'annotator')),
  PRIMARY KEY (project_id, user_id)
);
CREATE INDEX members_by_user ON members(user_id);

-- The text never changes after import; every offset points into it.
CREATE TABLE documents (
  id         TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  title      TEXT NOT NULL,
  text       TEXT NOT NULL,
  text_hash  TEXT NOT NULL,
  meta_json  TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
);
CREATE INDEX documents_by_project ON documents(project_id, position);
CREATE TRIGGER documents_text_never_changes BEFORE UPDATE OF text ON documents
BEGIN SELECT RAISE(ABORT, 'document text never changes after import'); END;

CREATE TABLE assignments (
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  assigned_at INTEGER NOT NULL,
  PRIMARY KEY (document_id, user_id)
);
CREATE INDEX assignments_by_user ON assignments(user_id);

-- A submitted layer. Reopening marks the latest version reopened; the next submit is version + 1.
CREATE TABLE annotation_sets (
  id           INTEGER PRIMARY KEY,
  document_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  layer        TEXT NOT NULL,
  owner        TEXT NOT NULL,              -- a user id, 'shared' or 'gold'
  version      INTEGER NOT NULL,
  submitted_by TEXT NOT NULL REFERENCES users(id),
  submitted_at INTEGER NOT NULL,
  reopened_at  INTEGER,
  reopened_by  TEXT REFERENCES users(id),
  UNIQUE (layer, version)
);
CREATE INDEX sets_by_document ON annotation_sets(document_id);

CREATE TABLE set_spans (
  set_id     INTEGER NOT NULL REFERENCES annotation_sets(id) ON DELETE CASCADE,
  span_id    TEXT NOT NULL,
  start      INTEGER NOT NULL,
  end        INTEGER NOT NULL,
  label      TEXT NOT NULL,
  note       TEXT,
  attrs_json TEXT,
  author     TEXT NOT NULL,
  PRIMARY KEY (set_id, span_id)
);
CREATE TABLE set_relations (
  set_id      INTEGER NOT NULL REFERENCES annotation_sets(id) ON DELETE CASCADE,
  relation_id TEXT NOT NULL,
  from_span   TEXT NOT NULL,
  to_span     TEXT NOT NULL,
  type        TEXT NOT NULL,
  author      TEXT NOT NULL,
  PRIMARY KEY (set_id, relation_id)
);
CREATE TABLE set_doc_labels (
  set_id    INTEGER NOT NULL REFERENCES annotation_sets(id) ON DELETE CASCADE,
  label_set TEXT NOT NULL,
  value     TEXT NOT NULL,
  PRIMARY KEY (set_id, label_set, value)
);

ALTER TABLE layers ADD COLUMN document_id TEXT;
CREATE INDEX layers_by_document ON layers(document_id);
