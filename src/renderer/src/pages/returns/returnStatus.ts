/** Ozon visual return statuses: on the way back (orange/gold/blue), arrived (green/cyan). Unknown ones stay grey. */
export const RETURN_STATUS_COLOR: Record<string, string> = {
  MovingToSeller: 'orange',
  ReturningToSellerByCourier: 'gold',
  ReceivedBySeller: 'green',
  MovingToOzon: 'blue',
  ReturnedToOzon: 'cyan',
};
