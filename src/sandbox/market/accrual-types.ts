/**
 * The sandbox's accrual type dictionary, served by /v1/finance/accrual/types
 * and referenced by `type_id` in /v1/finance/accrual/by-day and
 * /v1/finance/accrual/postings. Ozon publishes the dictionary only through
 * that method (its ids are not in the spec), so these ids are the sandbox's
 * own; names follow the wording of Ozon's cabinet.
 */
export const ACCRUAL_TYPE = {
  SALE: 1001,
  SALE_COMMISSION: 1002,
  RETURN: 1003,
  RETURN_COMMISSION: 1004,
  DIRECT_LOGISTICS: 2001,
  LAST_MILE: 2002,
  RETURN_LOGISTICS: 2003,
  STORAGE: 3001,
  SUBSCRIPTION: 4001,
} as const;

export interface AccrualTypeInfo {
  id: number;
  name: string;
  description: string;
}

export const ACCRUAL_TYPES: AccrualTypeInfo[] = [
  { id: ACCRUAL_TYPE.SALE, name: 'Выручка', description: 'Оплата покупателя за проданный товар' },
  { id: ACCRUAL_TYPE.SALE_COMMISSION, name: 'Вознаграждение за продажу', description: 'Комиссия Ozon за продажу товара' },
  { id: ACCRUAL_TYPE.RETURN, name: 'Возврат выручки', description: 'Возврат оплаты покупателю за возвращённый товар' },
  { id: ACCRUAL_TYPE.RETURN_COMMISSION, name: 'Возврат вознаграждения', description: 'Возврат комиссии за продажу при возврате товара' },
  { id: ACCRUAL_TYPE.DIRECT_LOGISTICS, name: 'Логистика', description: 'Доставка товара от склада до места выдачи' },
  { id: ACCRUAL_TYPE.LAST_MILE, name: 'Последняя миля', description: 'Выдача товара покупателю' },
  { id: ACCRUAL_TYPE.RETURN_LOGISTICS, name: 'Обратная логистика', description: 'Доставка возврата от покупателя на склад' },
  { id: ACCRUAL_TYPE.STORAGE, name: 'Размещение товаров', description: 'Хранение товаров на складах Ozon за сутки' },
  { id: ACCRUAL_TYPE.SUBSCRIPTION, name: 'Подписка Premium Pro', description: 'Ежемесячная оплата подписки' },
];
