/**
 * Key and cabinet info: /v1/roles (the key's roles, methods and expires_at, so
 * the connector can warn before expiry) and /v1/seller/info.
 */
import { ts } from '../util/time';
import { SELLER_ENDPOINTS } from '../protocol/endpoints';
import type { RouteDef } from './context';

/** Methods switched off by Ozon are not granted to keys. */
const SWITCHED_OFF = new Set(['/v1/warehouse/list', '/v3/posting/fbs/list', '/v3/posting/fbs/unfulfilled/list', '/v3/finance/transaction/list', '/v3/finance/transaction/totals']);

export const sellerRoutes: RouteDef[] = [
  {
    path: '/v1/roles',
    handler: ({ store }) => ({
      expires_at: ts(store.key_expires_at),
      roles: [{ name: 'Admin', methods: [...SELLER_ENDPOINTS, '/v1/actions'].filter((m) => !SWITCHED_OFF.has(m)).sort() }],
    }),
  },
  {
    path: '/v1/seller/info',
    handler: ({ store, w }) => {
      const now = w.clock.now();
      const period = (from: number, to: number, value: number, formatted: string) => ({
        date_from: ts(from),
        date_to: ts(to),
        formatted,
        status: { danger: false, premium: value > 0.9, warning: false },
        value,
      });
      const d = 86_400_000;
      return {
        company: {
          country: 'RU',
          currency: 'RUB',
          inn: store.inn,
          legal_name: store.legal_name,
          name: store.name,
          ogrn: store.ogrn,
          ownership_form: store.legal_name.startsWith('ИП') ? 'ИП' : 'ООО',
          tax_system: 'USN',
        },
        ratings: [
          {
            current_value: period(now - 30 * d, now, 4.8, '4,8'),
            name: 'Оценка товаров',
            past_value: period(now - 60 * d, now - 30 * d, 4.7, '4,7'),
            rating: 'rating_review_avg_score_total',
            status: 'OK',
            value_type: 'REVIEW_SCORE',
          },
          {
            current_value: period(now - 30 * d, now, 1.2, '1,2%'),
            name: 'Процент отмен по вине продавца',
            past_value: period(now - 60 * d, now - 30 * d, 0.9, '0,9%'),
            rating: 'rating_order_cancellation',
            status: 'OK',
            value_type: 'PERCENT',
          },
        ],
        subscription: { is_premium: true, type: 'PREMIUM_PRO' },
      };
    },
  },
];
