/**
 * Product card writes of the sandbox, as the attributes/archive exports use
 * them: /v1/product/attributes/update is an async task whose per-item errors
 * and results show in /v1/product/import/info and in the reads (name 4180,
 * annotation 4191); archived products leave the default list and show with
 * visibility ARCHIVED; unarchive restores ≤100 automatically archived
 * products a day. Every request and answer validates against the official
 * schemas.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { validateRequest, validateResponse } from './openapi';
import { boot, call } from './helpers';

let sb: RunningSandbox;
let dir: string;
let products: { product_id: number; offer_id: string }[];

async function check(p: string, body: unknown, status = 200): Promise<any> {
  expect(validateRequest(p, body), p).toEqual([]);
  const r = await call(sb, p, body);
  expect(r.status, `${p} ${r.text.slice(0, 300)}`).toBe(status);
  expect(validateResponse(p, status, r.json), p).toEqual([]);
  return r.json;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-sb-writes-'));
  sb = await boot({ products: 260, historyDays: 0, rateLimits: false, dbPath: path.join(dir, 'sandbox.db') });
  products = (await call(sb, '/v3/product/list', { limit: 1000, filter: { visibility: 'ALL' } })).json.result.items;
  expect(products.length).toBeGreaterThan(200);
}, 60_000);
afterAll(async () => {
  await sb?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('/v1/product/attributes/update', () => {
  it('a task: pending, then imported / failed per item; name and annotation land on the card', async () => {
    const [a, b, c] = products;
    const upd = await check('/v1/product/attributes/update', {
      items: [
        { offer_id: a!.offer_id, attributes: [{ id: 4180, complex_id: 0, values: [{ value: 'Новое название A' }] }, { id: 4191, complex_id: 0, values: [{ value: 'Новое описание A' }] }] },
        { offer_id: b!.offer_id, attributes: [{ id: 4180, complex_id: 0, values: [{ value: '   ' }] }] },
        { offer_id: c!.offer_id, attributes: [{ id: 4191, complex_id: 0, values: [{ value: 'Текст <script>alert(1)</script>' }] }] },
        { offer_id: 'NO-SUCH-OFFER', attributes: [{ id: 4180, complex_id: 0, values: [{ value: 'X' }] }] },
      ],
    });
    const pending = await check('/v1/product/import/info', { task_id: upd.task_id });
    expect(pending.result.items.map((i: any) => i.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
    await sb.advance(120);
    const done = await check('/v1/product/import/info', { task_id: upd.task_id });
    const [ra, rb, rc, rd] = done.result.items;
    expect(ra).toMatchObject({ offer_id: a!.offer_id, product_id: a!.product_id, status: 'imported', errors: [] });
    expect(rb).toMatchObject({ status: 'failed', errors: [{ code: 'name_empty', attribute_id: 4180 }] });
    expect(rc).toMatchObject({ status: 'failed', errors: [{ code: 'attribute_value_invalid', attribute_id: 4191 }] });
    expect(rd).toMatchObject({ status: 'failed', errors: [{ code: 'offer_id_not_found' }] });

    const info = await check('/v3/product/info/list', { product_id: [String(a!.product_id), String(b!.product_id)] });
    const byId = new Map(info.items.map((i: any) => [i.id, i]));
    expect((byId.get(a!.product_id) as any).name).toBe('Новое название A');
    expect((byId.get(b!.product_id) as any).name.trim()).not.toBe('');
    const attrs = await check('/v4/product/info/attributes', { filter: { product_id: [String(a!.product_id)], visibility: 'ALL' }, limit: 1 });
    const list = attrs.result[0].attributes as { id: number; values: { value: string }[] }[];
    expect(list.filter((x) => x.id === 4180).map((x) => x.values[0]!.value)).toEqual(['Новое название A']);
    expect(list.filter((x) => x.id === 4191).map((x) => x.values[0]!.value)).toEqual(['Новое описание A']);
    expect((await check('/v1/product/info/description', { product_id: a!.product_id })).result.description).toBe('Новое описание A');
  });

  it('a request that changes nothing is skipped; an empty annotation does not clear the filled one', async () => {
    const a = products[0]!;
    const upd = await check('/v1/product/attributes/update', {
      items: [{ offer_id: a.offer_id, attributes: [{ id: 4180, complex_id: 0, values: [{ value: 'Новое название A' }] }, { id: 4191, complex_id: 0, values: [{ value: '' }] }] }],
    });
    await sb.advance(120);
    const done = await check('/v1/product/import/info', { task_id: upd.task_id });
    expect(done.result.items[0]).toMatchObject({ status: 'skipped', errors: [] });
    expect((await check('/v1/product/info/description', { product_id: a.product_id })).result.description).toBe('Новое описание A');
  });
});

describe('/v1/product/archive and /v1/product/unarchive', () => {
  it('archived products leave the default list, show as ARCHIVED and is_archived; unarchive brings them back', async () => {
    const ids = products.slice(10, 13).map((p) => p.product_id);
    await check('/v1/product/archive', { product_id: ids });
    const all = await check('/v3/product/list', { filter: { visibility: 'ALL', product_id: [] }, limit: 1000 });
    for (const id of ids) expect(all.result.items.some((i: any) => i.product_id === id)).toBe(false);
    const arch = await check('/v3/product/list', { filter: { visibility: 'ARCHIVED' }, limit: 1000 });
    for (const id of ids) expect(arch.result.items.find((i: any) => i.product_id === id)).toMatchObject({ archived: true });
    const info = await check('/v3/product/info/list', { product_id: ids.map(String) });
    for (const it of info.items) expect(it).toMatchObject({ is_archived: true, is_autoarchived: false });
    await check('/v1/product/unarchive', { product_id: ids });
    const back = await check('/v3/product/list', { filter: { visibility: 'ALL' }, limit: 1000 });
    for (const id of ids) expect(back.result.items.find((i: any) => i.product_id === id)).toMatchObject({ archived: false });
  });

  it('automatically archived products: ≤100 restored a day, then autoarchive_restore_failed (400) until 03:00 Moscow time; manual ones unlimited', async () => {
    const auto = products.slice(20, 125).map((p) => p.product_id);
    const manual = products.slice(130, 135).map((p) => p.product_id);
    const rw = new Database(path.join(dir, 'sandbox.db'));
    try {
      // Ozon archived these on its own (the sandbox seed has no such products)
      rw.prepare(`UPDATE products SET archived = 2 WHERE product_id IN (${auto.map(() => '?').join(',')})`).run(...auto);
    } finally {
      rw.close();
    }
    const info = await check('/v3/product/info/list', { product_id: [String(auto[0])] });
    expect(info.items[0]).toMatchObject({ is_archived: false, is_autoarchived: true });
    const autoList = await check('/v3/product/list', { filter: { visibility: 'AUTO_ARCHIVED' }, limit: 1000 });
    expect(autoList.result.items.length).toBe(auto.length);
    await check('/v1/product/archive', { product_id: manual });

    await check('/v1/product/unarchive', { product_id: auto.slice(0, 100) });
    const refused = await check('/v1/product/unarchive', { product_id: auto.slice(100, 102) }, 400);
    expect(refused.message).toMatch(/autoarchive_restore_failed/);
    // refused as a whole: nothing changed
    const still = await check('/v3/product/info/list', { product_id: auto.slice(100).map(String) });
    for (const it of still.items) expect(it.is_autoarchived).toBe(true);
    // manually archived products are not limited
    await check('/v1/product/unarchive', { product_id: manual });
    // the next day (after 03:00 Moscow) the limit is fresh
    await sb.advance(86_400);
    await check('/v1/product/unarchive', { product_id: auto.slice(100) });
    const after = await check('/v3/product/info/list', { product_id: auto.slice(100).map(String) });
    for (const it of after.items) expect(it).toMatchObject({ is_archived: false, is_autoarchived: false });
  });

  it('more than 100 ids → 400; an unknown id → 404 and nothing changes', async () => {
    const many = products.slice(0, 101).map((p) => p.product_id);
    const r = await call(sb, '/v1/product/archive', { product_id: many });
    expect(r.status).toBe(400);
    expect(validateResponse('/v1/product/archive', 400, r.json)).toEqual([]);
    const id = products[140]!.product_id;
    const nf = await call(sb, '/v1/product/archive', { product_id: [id, 1] });
    expect(nf.status).toBe(404);
    expect(validateResponse('/v1/product/archive', 404, nf.json)).toEqual([]);
    const info = await check('/v3/product/info/list', { product_id: [String(id)] });
    expect(info.items[0].is_archived).toBe(false);
  });
});
