/**
 * Cache step 2: binary blobs beside rows (roadmap §2: the label vault keeps
 * every label PDF so it can be reprinted offline). Content-addressed by
 * sha256; `ref` ties a blob to its row (e.g. a posting number).
 */
export const up = `
CREATE TABLE blobs (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  ref TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX blobs_ref ON blobs (store_id, kind, ref);
`;
