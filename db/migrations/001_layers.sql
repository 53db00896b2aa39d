-- Yjs layers: a compacted snapshot per layer plus the updates accepted since.
CREATE TABLE layers (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  snapshot     BLOB,
  snapshot_seq INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);

CREATE TABLE layer_updates (
  seq      INTEGER PRIMARY KEY AUTOINCREMENT,
  layer_id INTEGER NOT NULL REFERENCES layers(id) ON DELETE CASCADE,
  data     BLOB NOT NULL
);
CREATE INDEX layer_updates_by_layer ON layer_updates(layer_id, seq);
