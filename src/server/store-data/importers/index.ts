/**
 * Importers in first-import order of preference. Their first runs overlap
 * (the worker runs several at once within the store's shared request
 * budget); an importer that reads what another wrote names it in `after`
 * (prices, stocks and category attributes need products).
 */
import type { ImportEntity } from '../../config';
import { campaignsImporter } from './campaigns';
import { categoriesImporter } from './categories';
import { categoryAttributesImporter } from './category-attributes';
import { chatsImporter } from './chats';
import type { Importer } from './context';
import { financeImporter } from './finance';
import { fboPostingsImporter, fbsPostingsImporter } from './postings';
import { pricesImporter } from './prices';
import { productsImporter } from './products';
import { promotionsImporter } from './promotions';
import { questionsImporter } from './questions';
import { returnsImporter } from './returns';
import { reviewsImporter } from './reviews';
import { stocksImporter } from './stocks';
import { warehousesImporter } from './warehouses';

export const IMPORTERS: Importer[] = [
  warehousesImporter,
  categoriesImporter,
  productsImporter,
  pricesImporter,
  stocksImporter,
  fbsPostingsImporter,
  fboPostingsImporter,
  categoryAttributesImporter,
  returnsImporter,
  promotionsImporter,
  reviewsImporter,
  questionsImporter,
  chatsImporter,
  financeImporter,
  campaignsImporter,
];

export const importerFor = (entity: ImportEntity): Importer => IMPORTERS.find((i) => i.entity === entity)!;
