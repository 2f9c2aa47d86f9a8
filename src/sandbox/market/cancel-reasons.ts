/**
 * FBS cancel reasons (/v2/posting/fbs/cancel-reason/list). Ids 352, 401, 402
 * and 666 and their titles are the spec's own example; the others follow
 * Ozon's catalogue style. Only is_available_for_cancellation reasons may be
 * passed to /v2/posting/fbs/cancel; 402 requires cancel_reason_message.
 */
export interface CancelReason {
  id: number;
  title: string;
  type_id: 'seller' | 'buyer';
  is_available_for_cancellation: boolean;
}

export const CANCEL_REASONS: CancelReason[] = [
  { id: 352, title: 'Товар закончился на складе продавца', type_id: 'seller', is_available_for_cancellation: true },
  { id: 400, title: 'Остался только бракованный товар', type_id: 'seller', is_available_for_cancellation: true },
  { id: 401, title: 'Продавец отклонил арбитраж', type_id: 'seller', is_available_for_cancellation: false },
  { id: 402, title: 'Другое (вина продавца)', type_id: 'seller', is_available_for_cancellation: true },
  { id: 665, title: 'Покупатель не забрал заказ', type_id: 'buyer', is_available_for_cancellation: false },
  { id: 666, title: 'Возврат из службы доставки: нет доставки в указанный регион', type_id: 'seller', is_available_for_cancellation: false },
  { id: 680, title: 'Покупатель отменил заказ', type_id: 'buyer', is_available_for_cancellation: false },
  { id: 1100, title: 'Отправление не собрано вовремя', type_id: 'seller', is_available_for_cancellation: false },
];

export const reasonById = (id: number): CancelReason | undefined => CANCEL_REASONS.find((r) => r.id === id);
