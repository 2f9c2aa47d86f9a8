/**
 * POST /api/v1/stores/:id/exports (SQLite and PostgreSQL): an integration
 * queues an action for Ozon with the sync path's checks — 202 {itemId,
 * jobId}, at most once per idempotency key, permission per kind, the row's
 * state, bad input as problem+json — and it is listed in the OpenAPI docs.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, type Harness } from './support/harness';
import { SHIP, startSyncServer } from './support/actions-fixture';
import { pid, seedStore, staff } from './sync-support';

describe.each(DB_KINDS)('exports endpoint (%s)', (kind) => {
  let h: Harness;
  let owner: string;
  let ws: string;
  let store: string;

  beforeAll(async () => {
    ({ h, owner, ws, store } = await startSyncServer(kind, 5, [
      ['0001-1-1', 'fbs', 'awaiting_packaging'],
      ['0002-1-1', 'fbs', 'delivering'],
      ['0003-1-1', 'fbs', 'awaiting_packaging'],
    ]));
  });
  afterAll(async () => h?.close());

  const post = (body: unknown, o: { token?: string; key?: string; storeId?: string } = {}) =>
    h.request('POST', `/api/v1/stores/${o.storeId ?? store}/exports`, { token: o.token ?? owner, body, headers: o.key ? { 'idempotency-key': o.key } : {} });
  const itemsFor = (key: string) => h.built.db.selectFrom('job_items').selectAll().where('source_mutation_id', '=', key).execute();

  it('202 with the item and its job; a retried key answers the same and enqueues once', async () => {
    const key = randomUUID();
    const body = { kind: 'posting_ship', key: '0001-1-1', values: SHIP, changeSetId: 'int-1' };
    const first = await post(body, { key });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    expect(first.body).toEqual({ itemId: expect.any(String), jobId: expect.any(String) });
    const [again, third] = await Promise.all([post(body, { key }), post(body, { key })]);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(third.body).toEqual(first.body);
    const items = await itemsFor(key);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: first.body.itemId, job_id: first.body.jobId, kind: 'posting_ship', entity: 'posting', row_key: '0001-1-1', state: 'pending', change_set_id: 'int-1' });
    expect(JSON.parse(items[0]!.payload)).toEqual(SHIP);
    // the job lists it
    const job = await h.request('GET', `/api/v1/jobs/${first.body.jobId}`, { token: owner });
    expect(job.status).toBe(200);
    expect(job.body.job).toMatchObject({ kind: 'posting_ship', storeId: store, changeSetId: 'int-1' });
    expect(job.body.items.map((i: { id: string }) => i.id)).toContain(first.body.itemId);
    // the key in the body instead of the header
    const k2 = `int-${randomUUID()}`;
    const viaField = await post({ kind: 'review_reply', key: 'rev-1', values: { text: 'Спасибо!' }, idempotencyKey: k2 });
    expect(viaField.status).toBe(202);
    expect(await itemsFor(k2)).toHaveLength(1);
  });

  it('refuses by role, by the row’s state and for unknown targets, with stable codes', async () => {
    const support = await staff(h, owner, 'support');
    const forbidden = await post({ kind: 'posting_ship', key: '0003-1-1', values: SHIP }, { token: support, key: randomUUID() });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ code: 'FORBIDDEN', detail: 'FORBIDDEN: needs orders.process' });
    const key = randomUUID();
    const state = await post({ kind: 'posting_ship', key: '0002-1-1', values: SHIP }, { key });
    expect(state.status).toBe(409);
    expect(state.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(state.body).toMatchObject({ code: 'CONFLICT', fields: [{ path: 'key', code: 'POSTING_NOT_AWAITING_PACKAGING' }] });
    // the refusal is the key's answer from now on
    expect((await post({ kind: 'posting_ship', key: '0002-1-1', values: SHIP }, { key })).body).toEqual(state.body);
    expect(await itemsFor(key)).toEqual([]);
    const row = await post({ kind: 'chat_message', key: 'chat-404', values: { text: 'x' } }, { key: randomUUID() });
    expect(row.status).toBe(404);
    expect(row.body.fields).toEqual([{ path: 'key', code: 'UNKNOWN_ROW' }]);
    expect((await post({ kind: 'chat_message', key: 'chat-1', values: { text: 'x' } }, { key: randomUUID(), storeId: 'no-such-store' })).status).toBe(404);
    expect((await h.request('POST', `/api/v1/stores/${store}/exports`, { body: { kind: 'chat_message', key: 'chat-1', values: { text: 'x' } }, headers: { 'idempotency-key': randomUUID() } })).status).toBe(401);
    // a key already used for something else is not reused
    const used = randomUUID();
    expect((await post({ kind: 'chat_message', key: 'chat-1', values: { text: 'первое' } }, { key: used })).status).toBe(202);
    const other = await post({ kind: 'chat_message', key: 'chat-1', values: { text: 'первое' } }, { key: used, storeId: await seedStore(h.built.db, ws, 1, 'Other') });
    expect(other.status).toBe(409);
  });

  it('bad input is VALIDATION_FAILED and stores nothing', async () => {
    const count = async () => Number((await h.built.db.selectFrom('job_items').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const k = () => randomUUID();
    const cases: [unknown, Record<string, string>][] = [
      [{ kind: 'posting_ship', key: '0003-1-1', values: SHIP }, {}], // no idempotency key
      [{ kind: 'posting_ship', key: '0003-1-1', values: SHIP, idempotencyKey: 'abcdefgh1' }, { 'idempotency-key': 'abcdefgh2' }], // two different keys
      [{ kind: 'posting_ship', key: '0003-1-1', values: SHIP }, { 'idempotency-key': 'short' }],
      [{ kind: 'price', key: pid(1), values: { price: '10' } }, { 'idempotency-key': k() }], // not an action
      [{ kind: 'posting_ship', key: '0003 1 1', values: SHIP }, { 'idempotency-key': k() }],
      [{ kind: 'posting_ship', key: '0003-1-1', values: { packages: [] } }, { 'idempotency-key': k() }],
      [{ kind: 'promotion_join', key: `77:${pid(1)}`, values: { actionPrice: 'cheap' } }, { 'idempotency-key': k() }],
      [{ kind: 'review_reply', key: 'rev-1', values: { text: 'x' }, surprise: 1 }, { 'idempotency-key': k() }],
    ];
    for (const [body, headers] of cases) {
      const res = await h.request('POST', `/api/v1/stores/${store}/exports`, { token: owner, body, headers });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect(await count()).toBe(before);
  });

  it('is described in the OpenAPI document', async () => {
    const spec = await h.request('GET', '/docs/json');
    expect(spec.status).toBe(200);
    const op = spec.body.paths['/api/v1/stores/{id}/exports']?.post;
    expect(op).toBeTruthy();
    expect(Object.keys(op.responses)).toContain('202');
    expect(JSON.stringify(op.requestBody)).toContain('posting_ship');
    expect(JSON.stringify(op.parameters ?? [])).toContain('idempotency-key');
  });
});
