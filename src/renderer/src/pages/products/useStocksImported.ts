import { useEffect, useState } from 'react';
import { call } from '../../api';

/** How often to ask again while the first stock import runs: a bound of its own, not one request per pulled page. */
const ASK_EVERY_MS = 3000;

/**
 * Whether the store's stocks have been imported from Ozon once: false while
 * the first import still runs (a warehouse then shows 0 and "never stocked"
 * only because its stock has not arrived yet), null when unknown (offline, or
 * not asked yet). Asked every few seconds until true.
 */
export function useStocksImported(storeId: string): boolean | null {
  const [imported, setImported] = useState<boolean | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: number | null = null;
    const ask = async () => {
      try {
        const stocks = (await call('stores:importStatus', { storeId })).entities.find((e) => e.entity === 'stocks');
        if (stopped) return;
        setImported(stocks ? stocks.imported : null);
        if (stocks?.imported) return;
      } catch {
        // offline or refused: unknown, and the page stays editable
        if (stopped) return;
        setImported(null);
      }
      timer = window.setTimeout(() => void ask(), ASK_EVERY_MS);
    };
    void ask();
    return () => {
      stopped = true;
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [storeId]);
  return imported;
}
