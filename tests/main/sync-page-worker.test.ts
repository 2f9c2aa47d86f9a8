/**
 * Pull pages decoded on the page worker (page-worker-client.ts, page-worker.ts,
 * page-pack.ts) give exactly what decoding on the core's thread gives: the
 * same headers, RawRows over the core's own bytes that answer text(), pick()
 * and value() alike, the same issues for bytes that are not a page. A worker
 * that cannot start, or dies holding pages, costs nothing: those pages and
 * every later one are decoded on the core's thread.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePage, type Decoded } from '../../src/main/sync/page-decode';
import { PageWorkerDecoder, sourcePageWorker } from '../../src/main/sync/page-worker-client';
import { pickNames, RawRow } from '../../src/shared/sync/page-bytes';
import { quietLogger } from './helpers';

const NAMES = pickNames(['name', 'price', 'offerId', 'items', 'status', 'version']);
const change = (seq: number, row: string, extra = '') => `{"seq":${seq},"entity":"product","storeId":"s1","key":"k${seq}","op":"upsert"${extra},"row":${row}}`;
const envelope = (changes: string[], cursor = 9, more = true) => `{"changes":[${changes.join(',')}],"cursor":${cursor},"head":12,"hasMore":${more}}`;

/** Pages of every kind the scanner knows: plain rows, Cyrillic and escapes, deletes, rows that are not objects, escaped names, an unusual envelope. */
const PAGES: string[] = [
  envelope([]),
  envelope([change(1, '{"name":"Кружка \\"Север\\" 🧊","price":"1200.50","offerId":"OF-1","items":[1,{"a":null}],"name":"последнее"}'), change(2, '{}')]),
  envelope([change(3, 'null').replace('"upsert"', '"delete"'), change(4, '[1,2,3]'), change(5, '"строка"'), change(6, '12.5e3')]),
  envelope([change(7, '{"na\\u006de":"escaped name","price":"1"}'), change(8, '{"статус":"ok","status":"shown","version":3}')]),
  // a repeated row member (the last one counts) and whitespace everywhere
  envelope([change(9, '{"name":"first"}', ',"row":{"name":"shadowed"}').replace('"row":{"name":"shadowed"},"row"', '"row":{"name":"shadowed"} , "row"')]),
  // an escaped envelope name: scanned the ordinary way (plain rows)
  `{"chang\\u0065s":[],"changes":[${change(10, '{"name":"plain"}')}],"cursor":10,"head":10,"hasMore":false}`,
  ` \n${envelope([change(11, ' { "name" : "spaced" , "price" : 2 } ')], 11, false)}\n `,
];
const BAD = ['{"changes":[],"cursor":1', envelope([change(1, '{"name":"x",}')]), '{"changes":[{"seq":0}],"cursor":1,"head":1,"hasMore":false}', '\xff\xfe'];

/** What a test can compare of a decoded page: headers, and per row what the cache reads of it. */
function view(d: Decoded, bytes: Uint8Array) {
  if (!d.ok) return d;
  return {
    ...d.page,
    changes: d.page.changes.map((c) => {
      const r = c.row;
      if (!(r instanceof RawRow)) return { ...c, raw: false };
      expect(r.bytes).toBe(bytes);
      return { ...c, row: { text: r.text(), value: r.value(), pick: r.pick(NAMES), span: [r.start, r.end] }, raw: true };
    }),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-page-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('page worker', () => {
  it('decodes every kind of page exactly as the core thread does, in order, also many at once', async () => {
    const log = quietLogger();
    const w = new PageWorkerDecoder(sourcePageWorker(), log);
    try {
      await w.ready();
      const inputs = [...PAGES, ...BAD, ...PAGES].map((p) => Buffer.from(p, p === '\xff\xfe' ? 'latin1' : 'utf8'));
      const results = await Promise.all(inputs.map((b) => w.decode(b)));
      inputs.forEach((b, i) => expect(view(results[i]!, b), String(i)).toEqual(view(decodePage(b), b)));
      // rows of the first kinds really crossed as RawRows, and bad bytes really failed
      expect(results.filter((r) => r.ok && r.page.changes.some((c) => c.row instanceof RawRow))).toHaveLength(10);
      expect(results.filter((r) => !r.ok)).toHaveLength(BAD.length);
      expect(log.lines).toEqual([]);
    } finally {
      await w.close();
    }
  });

  it('a worker that cannot start: pages are decoded on this thread, and it says so once', async () => {
    const log = quietLogger();
    const w = new PageWorkerDecoder({ file: pathToFileURL(join(dir, 'missing.mjs')) }, log);
    const b = Buffer.from(PAGES[1]!);
    for (let i = 0; i < 3; i++) expect(view(await w.decode(b), b)).toEqual(view(decodePage(b), b));
    expect(log.lines.filter((l) => l.startsWith('page worker failed'))).toHaveLength(1);
    await w.close();
  });

  it('a worker that dies holding pages: those and later ones are decoded here, none lost', async () => {
    const file = join(dir, 'dies.mjs');
    writeFileSync(file, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n");
    const log = quietLogger();
    const w = new PageWorkerDecoder({ file: pathToFileURL(file) }, log);
    await w.ready();
    const bytes = PAGES.map((p) => Buffer.from(p));
    const results = await Promise.all(bytes.map((b) => w.decode(b)));
    bytes.forEach((b, i) => expect(view(results[i]!, b)).toEqual(view(decodePage(b), b)));
    const later = Buffer.from(PAGES[3]!);
    expect(view(await w.decode(later), later)).toEqual(view(decodePage(later), later));
    expect(log.lines.filter((l) => l.startsWith('page worker failed'))).toHaveLength(1);
    await w.close();
  });
});
