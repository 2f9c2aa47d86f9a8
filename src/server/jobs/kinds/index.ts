/**
 * The export kinds the runner works, one file each. A kind without a handler
 * here is accepted by enqueueExport but waits until its handler lands.
 */
import type { ExportKind } from '../enqueue';
import { priceHandler } from './price';
import { stockHandler } from './stock';
import type { KindHandler } from './types';

export type { Hold, ItemResult, KindHandler, ReadBack } from './types';

export const HANDLERS: Partial<Record<ExportKind, KindHandler>> = {
  price: priceHandler,
  stock: stockHandler,
};
