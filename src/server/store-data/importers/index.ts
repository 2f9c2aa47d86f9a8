/** Importers in first-import order: later ones read what earlier ones wrote (stocks and attributes need products). */
import type { ImportEntity } from '../../config';
import { categoriesImporter } from './categories';
import { categoryAttributesImporter } from './category-attributes';
import type { Importer } from './context';
import { fboPostingsImporter, fbsPostingsImporter } from './postings';
import { pricesImporter } from './prices';
import { productsImporter } from './products';
import { stocksImporter } from './stocks';
import { warehousesImporter } from './warehouses';

export const IMPORTERS: Importer[] = [warehousesImporter, categoriesImporter, productsImporter, pricesImporter, stocksImporter, fbsPostingsImporter, fboPostingsImporter, categoryAttributesImporter];

export const importerFor = (entity: ImportEntity): Importer => IMPORTERS.find((i) => i.entity === entity)!;
