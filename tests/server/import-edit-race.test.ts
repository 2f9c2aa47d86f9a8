/**
 * An import page and a user edit racing on one product row (issue 3/4 seam):
 * the import's patch is merged onto the row it READ, so a push that commits
 * between that read and the import's write would be silently overwritten.
 * applyRows takes the workspace feed lock before reading; here the push is
 * fired exactly between the import's read and its write (a Kysely plugin on
 * the import's transaction) and both changes must survive, on SQLite and
 * PostgreSQL (where the two really run on separate connections).
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../../src/server/store-data/tables';
import { applyRows } from '../../src/server/store-data/upsert';
import { DB_KINDS, sleep, type Harness } from './support/harness';
import { startSyncServer } from './support/actions-fixture';
import { pid, productMutation } from './sync-support';

/** Runs `between()` once, right after the first SELECT on `table` returns, and holds the query's caller until it settles or `holdMs` passes. */
function afterFirstRead(table: string, between: () => Promise<unknown>, holdMs: number): { plugin: KyselyPlugin; fired: () => Promise<unknown> | null } {
  const reads = new WeakSet<object>();
  let started: Promise<unknown> | null = null;
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      if (args.node.kind === 'SelectQueryNode' && JSON.stringify(args.node.from ?? {}).includes(`"name":"${table}"`)) reads.add(args.queryId);
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      if (!started && reads.has(args.queryId)) {
        started = between();
        // long enough for the push to commit if nothing holds it back
        await Promise.race([started.catch(() => undefined), sleep(holdMs)]);
      }
      return args.result;
    },
  };
  return { plugin, fired: () => started };
}

describe.each(DB_KINDS)('import patch vs sync push (%s)', (kind) => {
  let h: Harness;
  let token: string;
  let ws: string;
  let store: string;

  beforeAll(async () => {
    ({ h, owner: token, ws, store } = await startSyncServer(kind, 3));
  });
  afterAll(async () => h?.close());

  const row = async (productId: string) => {
    const r = await h.built.db.selectFrom('products').select(['data', 'version']).where('store_id', '=', store).where('product_id', '=', productId).executeTakeFirstOrThrow();
    return { doc: JSON.parse(r.data) as Record<string, unknown>, version: Number(r.version) };
  };

  it('a push landing between the import read and write is kept, and so is the patch', async () => {
    const key = pid(1);
    const before = await row(key);
    const edit = productMutation(store, key, { name: 'Edited by a person' }, { name: before.doc.name }, before.version);
    let pushStatus: unknown = null;
    const hook = afterFirstRead(
      'products',
      async () => {
        const res = await h.request('POST', '/api/v1/sync/mutations', { token, body: { mutations: [edit] } });
        pushStatus = res.body?.results?.[0]?.status ?? res.status;
      },
      kind === 'postgres' ? 600 : 50,
    );
    await h.built.db.transaction().execute(async (trx) => {
      await applyRows(trx.withPlugin(hook.plugin), TABLES.product, { workspaceId: ws, storeId: store }, [{ key: [key], patch: { visible: false } }]);
    });
    expect(hook.fired()).not.toBeNull();
    await hook.fired();
    expect(pushStatus).toBe('applied');
    const after = await row(key);
    expect(after.doc.name).toBe('Edited by a person');
    expect(after.doc.visible).toBe(false);
    // both writes moved the version: the later one is the row's version
    expect(after.version).toBeGreaterThan(before.version);
    const feed = await h.built.db.selectFrom('change_feed').select('seq').where('workspace_id', '=', ws).where('row_key', '=', key).where('entity', '=', 'product').execute();
    expect(Math.max(...feed.map((f) => Number(f.seq)))).toBe(after.version);
  });
});
