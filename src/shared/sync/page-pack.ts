/**
 * A decoded pull page crossing a thread boundary: the desktop core checks and
 * scans pages in a worker (src/main/sync/page-worker.ts) and applies them on
 * its own thread. Rows that are RawRows travel as numbers (their spans in the
 * page, and the page's member ends) and are built again over the receiving
 * thread's copy of the same bytes, so no row is decoded or copied again.
 * Everything else travels as plain values.
 *
 * Invariant: unpackPage(packPage(p), bytes) is p again, change for change,
 * given the bytes p was scanned from: the same headers, and rows that answer
 * text(), pick() and value() the same.
 */
import { RawRow, type Decode } from './page-bytes';
import type { ChangePage } from './protocol';

export interface PackedPage {
  cursor: number;
  head: number;
  hasMore: boolean;
  /** seq, entity, storeId, key and op of each change, in order */
  heads: (string | number | null)[];
  /** per change: its RawRow's start, end, first member and end of members (-1: a row without members); start -1: no RawRow */
  spans: Int32Array;
  /** the page's member ends, which all its RawRows share */
  members: Int32Array | null;
  /** per change without a RawRow: its row as a value (null for a delete) */
  rows: unknown[];
}

const HEAD = 5;
const SPAN = 4;

/** The page as numbers and values; `transfer` lists the buffers the receiver may take over instead of copying. */
export function packPage(page: ChangePage): { packed: PackedPage; transfer: ArrayBuffer[] } {
  const n = page.changes.length;
  const heads: (string | number | null)[] = new Array<string | number | null>(n * HEAD);
  const spans = new Int32Array(n * SPAN);
  const rows: unknown[] = new Array<unknown>(n).fill(null);
  let members: Int32Array | null = null;
  page.changes.forEach((c, i) => {
    const h = i * HEAD;
    heads[h] = c.seq;
    heads[h + 1] = c.entity;
    heads[h + 2] = c.storeId;
    heads[h + 3] = c.key;
    heads[h + 4] = c.op;
    const at = i * SPAN;
    const r = c.row;
    if (r instanceof RawRow) {
      if (r.members) {
        // the scanner gives every row of a page the same array: one travels
        if (members && members !== r.members) throw new Error('a page whose rows do not share their members');
        members = r.members;
      }
      spans[at] = r.start;
      spans[at + 1] = r.end;
      spans[at + 2] = r.from;
      spans[at + 3] = r.members ? r.to : -1;
    } else {
      spans[at] = -1;
      rows[i] = r;
    }
  });
  const m = members as Int32Array | null;
  // a view into a larger buffer would send all of it
  const own = m && (m.byteOffset !== 0 || m.byteLength !== m.buffer.byteLength) ? m.slice() : m;
  const transfer = [spans.buffer as ArrayBuffer];
  if (own) transfer.push(own.buffer as ArrayBuffer);
  return { packed: { cursor: page.cursor, head: page.head, hasMore: page.hasMore, heads, spans, members: own, rows }, transfer };
}

/** The page again, its RawRows over `bytes` (the same bytes it was scanned from). */
export function unpackPage(p: PackedPage, bytes: Uint8Array, decode: Decode): ChangePage {
  const n = p.spans.length / SPAN;
  const changes: ChangePage['changes'] = new Array<ChangePage['changes'][number]>(n);
  for (let i = 0; i < n; i++) {
    const h = i * HEAD;
    const at = i * SPAN;
    const start = p.spans[at]!;
    const to = p.spans[at + 3]!;
    changes[i] = {
      seq: p.heads[h] as number,
      entity: p.heads[h + 1] as ChangePage['changes'][number]['entity'],
      storeId: p.heads[h + 2] as string | null,
      key: p.heads[h + 3] as string,
      op: p.heads[h + 4] as 'upsert' | 'delete',
      row: start < 0 ? p.rows[i] : new RawRow(bytes, start, p.spans[at + 1]!, decode, to < 0 ? null : p.members, p.spans[at + 2]!, to),
    };
  }
  return { changes, cursor: p.cursor, head: p.head, hasMore: p.hasMore };
}
