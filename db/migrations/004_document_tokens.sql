-- Token offsets of each document's text, computed once: texts never change after import, and word
-- segmentation (Intl.Segmenter) was most of what a CoNLL or Hugging Face export cost.
-- tokens: little-endian uint32, start then end (UTF-16, end exclusive) of each token in text order,
--   exactly as shared/tokenize.ts yields them (shared/formats/tokens.ts encodes and checks them).
-- tokenizer: what produced them (tokenizerId(): the rule's revision, ICU and Unicode versions); rows
--   under another name are stale and recomputed on use. Documents imported before this migration have
--   no row and get one on their first token-format export.
CREATE TABLE document_tokens (
  document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  tokenizer   TEXT NOT NULL,
  tokens      BLOB NOT NULL
);
