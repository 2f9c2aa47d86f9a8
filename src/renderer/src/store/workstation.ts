import { create } from 'zustand';
import type { StoreSummary, SyncStatus } from '../../../shared/ipc/workstation';
import { call, toAppError, type AppError } from '../api';
import { getBridge } from '../bridge';

/**
 * Signed-in workstation state shared by the header and the pages: the linked
 * Ozon stores and the current one, the sync status, and a counter that moves
 * whenever cached data changed (lists re-query on it).
 */
interface WorkstationStore {
  stores: StoreSummary[];
  currentStoreId: string | null;
  storesLoaded: boolean;
  storesError: AppError | null;
  sync: SyncStatus | null;
  /** bumps on 'data:changed' and after a store switch */
  dataVersion: number;
  /** the product open in the product drawer */
  productId: string | null;

  /** subscribe to main's events and load; returns the unsubscribe */
  start(): () => void;
  loadStores(): Promise<void>;
  selectStore(storeId: string): Promise<void>;
  loadSync(): Promise<void>;
  setSync(sync: SyncStatus): void;
  dataChanged(): void;
  openProduct(productId: string | null): void;
  reset(): void;
}

export const useWorkstation = create<WorkstationStore>()((set, get) => ({
  stores: [],
  currentStoreId: null,
  storesLoaded: false,
  storesError: null,
  sync: null,
  dataVersion: 0,
  productId: null,

  start() {
    const bridge = getBridge();
    const offSync = bridge.on('sync:status', () => void get().loadSync());
    const offData = bridge.on('data:changed', () => {
      get().dataChanged();
      void get().loadStores();
    });
    void get().loadStores();
    void get().loadSync();
    return () => {
      offSync();
      offData();
    };
  },

  async loadStores() {
    try {
      const r = await call('stores:list', {});
      const current = r.currentStoreId && r.stores.some((s) => s.id === r.currentStoreId) ? r.currentStoreId : null;
      set({ stores: r.stores, currentStoreId: current, storesLoaded: true, storesError: null });
      // a store exists but none is chosen yet (first link, or the chosen one was unlinked): take the first
      const first = r.stores[0];
      if (!current && first) await get().selectStore(first.id);
    } catch (e) {
      set({ storesLoaded: true, storesError: toAppError(e) });
    }
  },

  async selectStore(storeId) {
    if (storeId === get().currentStoreId) return;
    await call('stores:select', { storeId });
    set({ currentStoreId: storeId, productId: null });
    get().dataChanged();
  },

  async loadSync() {
    try {
      set({ sync: await call('sync:status', {}) });
    } catch {
      // the indicator keeps the last known status; the next event retries
    }
  },

  setSync(sync) {
    set({ sync });
  },

  dataChanged() {
    set((s) => ({ dataVersion: s.dataVersion + 1 }));
  },

  openProduct(productId) {
    set({ productId });
  },

  reset() {
    set({ stores: [], currentStoreId: null, storesLoaded: false, storesError: null, sync: null, productId: null });
  },
}));

/** The current store, or null. */
export function useCurrentStore(): StoreSummary | null {
  return useWorkstation((s) => s.stores.find((x) => x.id === s.currentStoreId) ?? null);
}
