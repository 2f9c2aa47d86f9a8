/** All Seller API routes the sandbox serves. */
import type { RouteDef } from './context';
import { sellerRoutes } from './seller';
import { warehouseRoutes } from './warehouses';
import { categoryRoutes } from './categories';
import { productRoutes } from './products';
import { productImportRoutes } from './product-import';
import { productArchiveRoutes } from './product-archive';
import { priceRoutes } from './prices';
import { stockRoutes } from './stocks';
import { fbsReadRoutes } from './postings-fbs';
import { fbsActionRoutes } from './fbs-actions';
import { fboRoutes } from './postings-fbo';
import { returnRoutes } from './returns';
import { actionRoutes } from './actions';
import { reviewRoutes } from './reviews';
import { questionRoutes } from './questions';
import { chatRoutes } from './chats';
import { financeRoutes } from './finance';
import { analyticsRoutes } from './analytics';

export function sellerRoutesAll(): RouteDef[] {
  return [
    ...sellerRoutes, ...warehouseRoutes, ...categoryRoutes, ...productRoutes, ...productImportRoutes, ...productArchiveRoutes, ...priceRoutes, ...stockRoutes, ...fbsReadRoutes, ...fbsActionRoutes, ...fboRoutes,
    ...returnRoutes, ...actionRoutes, ...reviewRoutes, ...questionRoutes, ...chatRoutes, ...financeRoutes, ...analyticsRoutes,
  ];
}
