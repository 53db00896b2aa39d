-- Review decisions that gold cannot hold: a reviewer accepted a version with nothing in it ("no
-- entity here", "no relation", "no label"), so the disagreement counts as decided although gold has
-- no value there. Before this table such decisions lived only in the reviewer's browser.
-- item_id: the disagreement's id (shared/agreement/disagreements.ts, e.g. `span:10-24`), which names
--   a place, not content; item_sig: a digest of the annotators' versions when it was decided, so a
--   decision stops counting once a set reopened and resubmitted changes what was disputed there.
CREATE TABLE review_cleared (
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  item_id     TEXT NOT NULL,
  item_sig    TEXT NOT NULL,
  decided_by  TEXT NOT NULL REFERENCES users(id),
  decided_at  INTEGER NOT NULL,
  PRIMARY KEY (document_id, item_id)
) WITHOUT ROWID;
