import { z } from 'zod';
import { Ok } from '../../../shared/http/common';
import { ImportStatus as HttpImportStatus, Store, StoreList } from '../../../shared/http/stores';
import type { StoreSummary } from '../../../shared/ipc/workstation';
import type { CoreContext } from '../../core/core';
import { AppError, hasCode } from '../../core/errors';
import type { DomainHandlers } from '../types';
import { pathId } from './path-id';

const CachedStores = z.array(Store);

/** Proxy to the server's /api/v1/stores; the list is remembered in the cache for offline use. */
export function storesHandlers(core: CoreContext): DomainHandlers<'stores'> {
  const ok = { ok: true as const };
  const summary = (s: Store): StoreSummary => ({
    id: s.id,
    name: s.name,
    clientId: s.clientId,
    status: s.status,
    keyExpiresAt: s.keyExpiresAt,
    keyWarning: s.keyWarning,
    lastCheckError: s.lastCheckError,
    sandbox: core.demo.isSandboxClient(s.clientId),
  });
  const ws = () => core.sync.workspace;
  const remember = (stores: Store[]) => ws()?.cache.setMeta('stores', JSON.stringify(stores));
  const cachedStores = (): Store[] | null => {
    const raw = ws()?.cache.getMeta('stores');
    if (!raw) return null;
    const parsed = CachedStores.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  };
  const selected = (stores: Store[]): string | null => {
    const cur = ws()?.cache.getMeta('selectedStoreId') ?? null;
    if (cur && stores.some((s) => s.id === cur)) return cur;
    return stores[0]?.id ?? null;
  };

  return {
    'stores:list': async () => {
      let stores: Store[];
      try {
        await core.requireSession();
        stores = (await core.session.call('GET', '/api/v1/stores', StoreList)).stores;
        remember(stores);
      } catch (e) {
        // offline after the first sync: the remembered list
        const cached = hasCode(e, 'SERVER_UNREACHABLE') ? cachedStores() : null;
        if (!cached) throw e;
        stores = cached;
      }
      return { stores: stores.map(summary), currentStoreId: selected(stores) };
    },
    'stores:select': async ({ storeId }) => {
      const w = core.sync.require();
      const known = cachedStores();
      if (known && !known.some((s) => s.id === storeId)) throw new AppError('NOT_FOUND');
      w.cache.setMeta('selectedStoreId', storeId);
      core.events.emit('data:changed');
      return ok;
    },
    'stores:link': async (input) => {
      await core.requireSession();
      const store = await core.session.call('POST', '/api/v1/stores', Store, {
        name: input.name,
        clientId: input.clientId,
        apiKey: input.apiKey,
        ...(input.performanceClientId && input.performanceClientSecret
          ? { performance: { clientId: input.performanceClientId, clientSecret: input.performanceClientSecret } }
          : {}),
      });
      const w = ws();
      if (w && !w.cache.getMeta('selectedStoreId')) w.cache.setMeta('selectedStoreId', store.id);
      core.events.emit('data:changed');
      return summary(store);
    },
    'stores:unlink': async ({ storeId }) => {
      await core.requireSession();
      await core.session.call('DELETE', `/api/v1/stores/${pathId(storeId)}`, Ok);
      const w = ws();
      if (w?.cache.getMeta('selectedStoreId') === storeId) w.cache.setMeta('selectedStoreId', '');
      core.events.emit('data:changed');
      return ok;
    },
    'stores:check': async ({ storeId }) => {
      await core.requireSession();
      return summary(await core.session.call('POST', `/api/v1/stores/${pathId(storeId)}/check`, Store));
    },
    'stores:demo': async ({ name }) => {
      if (core.settings.get().serverMode !== 'embedded') throw new AppError('DEMO_EMBEDDED_ONLY');
      await core.requireSession();
      const store = await core.demo.linkDemoStore(name);
      const w = ws();
      if (w) w.cache.setMeta('selectedStoreId', store.id);
      core.events.emit('data:changed');
      return summary(store);
    },
    'stores:importStatus': async ({ storeId }) => {
      await core.requireSession();
      const st = await core.session.call('GET', `/api/v1/stores/${pathId(storeId)}/import`, HttpImportStatus);
      return { entities: st.entities.map((e) => ({ entity: e.entity, state: e.state, done: e.done, total: e.total, error: e.error, imported: e.lastSuccessAt !== null })) };
    },
  };
}
