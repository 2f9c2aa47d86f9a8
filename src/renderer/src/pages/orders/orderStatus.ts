/** Ozon posting statuses in the order a seller meets them (the Orders list's status filter). */
export const POSTING_STATUSES = [
  'awaiting_registration',
  'acceptance_in_progress',
  'awaiting_approve',
  'awaiting_packaging',
  'awaiting_deliver',
  'sent_by_seller',
  'driver_pickup',
  'delivering',
  'delivered',
  'arbitration',
  'client_arbitration',
  'not_accepted',
  'cancelled',
] as const;

/**
 * The one colour of a posting status wherever it is shown (list, drawer):
 * waiting for the seller (orange/gold), on its way (blue), done (green),
 * disputed (red). Unknown statuses stay grey.
 */
export const ORDER_STATUS_COLOR: Record<string, string> = {
  awaiting_packaging: 'orange',
  awaiting_deliver: 'gold',
  awaiting_approve: 'orange',
  awaiting_registration: 'default',
  acceptance_in_progress: 'cyan',
  sent_by_seller: 'blue',
  driver_pickup: 'blue',
  delivering: 'blue',
  delivered: 'green',
  cancelled: 'default',
  arbitration: 'red',
  client_arbitration: 'red',
  not_accepted: 'red',
};
