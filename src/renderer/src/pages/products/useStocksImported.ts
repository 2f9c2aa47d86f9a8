import { useEffect, useState } from 'react';
import { call } from '../../api';
import { useWorkstation } from '../../store/workstation';

/**
 * Whether the store's stocks have been imported from Ozon once: false while
 * the first import still runs (a warehouse then shows 0 and "never stocked"
 * only because its stock has not arrived yet), null when unknown (offline, or
 * not asked yet). Asked again when the cached data changes, until true.
 */
export function useStocksImported(storeId: string): boolean | null {
  const version = useWorkstation((s) => s.dataVersion);
  const [imported, setImported] = useState<boolean | null>(null);
  useEffect(() => {
    if (imported) return;
    let stopped = false;
    call('stores:importStatus', { storeId })
      .then((s) => {
        const stocks = s.entities.find((e) => e.entity === 'stocks');
        if (!stopped && stocks) setImported(stocks.imported);
      })
      // offline or refused: unknown, and the page stays editable
      .catch(() => undefined);
    return () => {
      stopped = true;
    };
  }, [storeId, version, imported]);
  return imported;
}
