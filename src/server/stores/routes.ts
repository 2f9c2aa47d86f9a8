/**
 * /api/v1/stores: link (stores.manage), list/get/import progress
 * (products.view), check (stores.manage), repoint a sandbox store
 * (stores.manage), unlink (stores.manage).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Id, Ok } from '../../shared/http/common';
import { ImportStatus, LinkStoreRequest, RepointStoreRequest, Store, StoreList } from '../../shared/http/stores';
import type { AppContext } from '../context';
import { authOf, requirePermission } from '../http/authenticate';
import { OK, bearer, problems } from '../routes/shared';
import type { ImportManager } from '../store-data/manager';
import type { StoreService } from './service';

const tags = ['stores'];
const IdParams = z.strictObject({ id: Id });

export function storeRoutes(ctx: AppContext, stores: StoreService, imports: ImportManager): FastifyPluginAsyncZod {
  return async (app) => {
    const manage = requirePermission(ctx, 'stores.manage');
    const view = requirePermission(ctx, 'products.view');
    const schema = { tags, security: bearer };

    app.post('/api/v1/stores', { schema: { ...schema, body: LinkStoreRequest, response: { 200: Store, ...problems } }, preHandler: manage }, async (req) => {
      const { account } = authOf(req);
      return stores.link(account.workspace_id, account.id, req.body);
    });

    app.get('/api/v1/stores', { schema: { ...schema, response: { 200: StoreList, ...problems } }, preHandler: view }, async (req) => ({
      stores: await stores.list(authOf(req).account.workspace_id),
    }));

    app.get('/api/v1/stores/:id', { schema: { ...schema, params: IdParams, response: { 200: Store, ...problems } }, preHandler: view }, async (req) =>
      stores.get(authOf(req).account.workspace_id, req.params.id),
    );

    app.post('/api/v1/stores/:id/check', { schema: { ...schema, params: IdParams, response: { 200: Store, ...problems } }, preHandler: manage }, async (req) => {
      const ws = authOf(req).account.workspace_id;
      const store = await stores.check(ws, req.params.id);
      // a key that works again restarts the store's import
      if (ctx.config.ozon.autoImport && !imports.isRunning(store.id)) {
        const row = await ctx.db.selectFrom('stores').selectAll().where('id', '=', store.id).executeTakeFirst();
        if (row) imports.start(row);
      }
      return store;
    });

    // a sandbox store only: its sandbox moved (the app's demo sandbox restarted on another port)
    app.put('/api/v1/stores/:id/endpoint', { schema: { ...schema, params: IdParams, body: RepointStoreRequest, response: { 200: Store, ...problems } }, preHandler: manage }, async (req) =>
      stores.repoint(authOf(req).account.workspace_id, req.params.id, req.body.url),
    );

    app.get('/api/v1/stores/:id/import', { schema: { ...schema, params: IdParams, response: { 200: ImportStatus, ...problems } }, preHandler: view }, async (req) => {
      const store = await stores.get(authOf(req).account.workspace_id, req.params.id);
      return imports.status(store.id);
    });

    app.delete('/api/v1/stores/:id', { schema: { ...schema, params: IdParams, response: { 200: Ok, ...problems } }, preHandler: manage }, async (req) => {
      await stores.unlink(authOf(req).account.workspace_id, req.params.id);
      return OK;
    });
  };
}
