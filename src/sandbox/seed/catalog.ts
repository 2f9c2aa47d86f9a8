/**
 * Category tree, attributes and dictionaries (the /v1/description-category/*
 * world). Deterministic from the seed; identical for all stores, as on Ozon.
 */
import type { Db } from '../db/open';
import { Rng } from '../util/rng';
import { BRANDS, CATEGORY_TREE, COLORS, COUNTRIES, MATERIALS, type ProductTypeDef } from './vocab';

export const ATTR = { brand: 85, type: 8229, model: 9048, name: 4180, annotation: 4191, color: 10096, country: 4389, material: 5309, weight: 4383, dims: 4382 } as const;
export const DICT = { brand: 28732849, type: 1960, color: 10096, country: 1935, material: 5309 } as const;

export interface TypeInfo {
  descriptionCategoryId: number;
  typeId: number;
  def: ProductTypeDef;
  typeValueId: number;
}

export interface Catalog {
  types: TypeInfo[];
  brandIds: number[];
  colorIds: number[];
  countryIds: number[];
  materialIds: number[];
}

const SYL = ['ва', 'ро', 'ли', 'ка', 'ден', 'мир', 'тех', 'стар', 'ново', 'эко', 'про', 'лю', 'сан', 'вер', 'гор', 'мар', 'тон', 'зар'];

export function seedCatalog(db: Db, seed: number): Catalog {
  const rng = Rng.derive(seed, 'catalog');
  const insCat = db.prepare('INSERT INTO categories(description_category_id, parent_id, category_name, type_id, type_name, disabled) VALUES (?,?,?,?,?,?)');
  const insVal = db.prepare('INSERT INTO dictionary_values(dictionary_id, id, value, info, picture) VALUES (?,?,?,?,?)');
  const insAttr = db.prepare(
    'INSERT INTO attributes(id,name,description,type,is_collection,is_required,is_aspect,dictionary_id,group_id,group_name,max_value_count,category_dependent) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
  );
  const insTA = db.prepare('INSERT INTO type_attributes(description_category_id, type_id, attribute_id) VALUES (?,?,?)');

  const attrs: [number, string, string, string, number, number, number, number, number, string, number, number][] = [
    [ATTR.brand, 'Бренд', 'Укажите наименование бренда, под которым произведен товар. Если товар не имеет бренда, используйте значение "Нет бренда".', 'String', 0, 1, 0, DICT.brand, 0, '', 1, 0],
    [ATTR.type, 'Тип', 'Выберите наиболее подходящий тип товара.', 'String', 0, 1, 0, DICT.type, 0, '', 1, 1],
    [ATTR.model, 'Название модели (для объединения в одну карточку)', 'Укажите название модели товара.', 'String', 0, 1, 0, 0, 0, '', 1, 0],
    [ATTR.name, 'Название', 'Название товара.', 'String', 0, 0, 0, 0, 0, '', 1, 0],
    [ATTR.annotation, 'Аннотация', 'Описание товара, маркетинговый текст.', 'String', 0, 0, 0, 0, 0, '', 1, 0],
    [ATTR.color, 'Цвет товара', 'Выберите один или несколько цветов товара.', 'String', 1, 0, 1, DICT.color, 1, 'Основные', 3, 0],
    [ATTR.country, 'Страна-изготовитель', 'Страна производства товара.', 'String', 1, 0, 0, DICT.country, 1, 'Основные', 2, 0],
    [ATTR.material, 'Материал', 'Основной материал товара.', 'String', 1, 0, 0, DICT.material, 2, 'Дополнительные', 3, 0],
    [ATTR.weight, 'Вес товара, г', 'Вес товара без упаковки в граммах.', 'Integer', 0, 0, 0, 0, 3, 'Габариты', 1, 0],
    [ATTR.dims, 'Размеры, мм', 'Габариты товара в формате ДхШхВ.', 'String', 0, 0, 0, 0, 3, 'Габариты', 1, 0],
  ];
  for (const a of attrs) insAttr.run(...a);

  // Dictionaries. Brands: the named ones plus ~2600 generated names, so
  // paging through attribute/values (limit ≤ 2000) needs last_value_id.
  const brandIds: number[] = [];
  const brandNames = new Set<string>(BRANDS);
  for (const b of BRANDS) {
    const id = 5_000_000_000 + brandIds.length * 7 + 3;
    brandIds.push(id);
    insVal.run(DICT.brand, id, b, '', '');
  }
  let n = 0;
  while (brandNames.size < BRANDS.length + 2600) {
    const word = Array.from({ length: rng.int(2, 3) }, () => rng.pick(SYL)).join('');
    const name = word[0]!.toUpperCase() + word.slice(1) + (rng.bool(0.2) ? ` ${rng.pick(['Home', 'Pro', 'Kids', 'Style'])}` : '');
    if (brandNames.has(name)) continue;
    brandNames.add(name);
    insVal.run(DICT.brand, 5_100_000_000 + n++ * 11, name, '', '');
  }
  const colorIds = COLORS.map(([c], i) => {
    const id = 61_570 + i;
    insVal.run(DICT.color, id, c, '', `https://cdn1.ozone-sandbox.test/colors/${id}.png`);
    return id;
  });
  const countryIds = COUNTRIES.map((c, i) => {
    const id = 90_295 + i * 3;
    insVal.run(DICT.country, id, c, '', '');
    return id;
  });
  const materialIds = MATERIALS.map((m, i) => {
    const id = 61_910 + i * 5;
    insVal.run(DICT.material, id, m, '', '');
    return id;
  });

  const types: TypeInfo[] = [];
  let top = 0;
  for (const cat of CATEGORY_TREE) {
    const topId = 17_027_000 + top++ * 1_000;
    insCat.run(topId, null, cat.name, 0, '', 0);
    let sub = 0;
    for (const child of cat.children) {
      const subId = 17_028_000 + top * 100 + sub++;
      insCat.run(subId, topId, child.name, 0, '', 0);
      for (const def of child.types) {
        const typeId = 91_000 + types.length * 13;
        const typeValueId = 970_000_000 + types.length * 101;
        insCat.run(subId, subId, '', typeId, def.name, 0);
        insVal.run(DICT.type, typeValueId, def.name, '', '');
        for (const a of [ATTR.brand, ATTR.type, ATTR.model, ATTR.name, ATTR.annotation, ATTR.color, ATTR.country, ATTR.weight, ATTR.dims]) insTA.run(subId, typeId, a);
        if (def.material) insTA.run(subId, typeId, ATTR.material);
        types.push({ descriptionCategoryId: subId, typeId, def, typeValueId });
      }
    }
  }
  // A disabled leaf, as Ozon has: products cannot be created in it.
  insCat.run(17_028_999, 17_027_000, 'Устаревшие аксессуары', 0, '', 1);
  return { types, brandIds, colorIds, countryIds, materialIds };
}
