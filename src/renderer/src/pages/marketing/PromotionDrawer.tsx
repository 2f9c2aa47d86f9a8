import { Descriptions, Drawer, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { PromotionProductRow, PromotionRow } from '../../../../shared/ipc/marketing';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DANGER } from '../../components/listKit';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { formatDate } from '../../lib/format';
import { formatMoney, formatNumber } from '../../lib/money';
import { useWorkstation } from '../../store/workstation';
import { PromotionProductAction, useStoreActions } from './PromotionProductAction';

const PAGE = 50;

/** Discount of the action price against the current one, in whole percent; null when either is missing. */
export function discountPercent(current: string | null, action: string | null): number | null {
  const c = current === null ? NaN : Number(current);
  const a = action === null ? NaN : Number(action);
  if (!Number.isFinite(c) || !Number.isFinite(a) || c <= 0) return null;
  return Math.round(((c - a) / c) * 100);
}

export function PromotionDrawer({ storeId, promotion, onClose }: { storeId: string; promotion: PromotionRow | null; onClose(): void }) {
  const { t } = useLocale();
  return (
    <Drawer open={promotion !== null} onClose={onClose} size={960} title={promotion?.title ?? t('marketingPage.promotion')} destroyOnHidden closable={{ 'aria-label': t('common.close') }}>
      {promotion ? <PromotionBody key={promotion.actionId} storeId={storeId} p={promotion} /> : null}
    </Drawer>
  );
}

function PromotionBody({ storeId, p }: { storeId: string; p: PromotionRow }) {
  const { t, locale } = useLocale();
  const version = useWorkstation((s) => s.dataVersion);
  const [which, setWhich] = useState<'all' | 'in' | 'candidates'>('all');
  const [page, setPage] = useState(1);
  const queued = useStoreActions(storeId);
  const products = useLoad(() =>
    call('marketing:promotionProducts', {
      storeId,
      actionId: p.actionId,
      ...(which === 'all' ? {} : { participating: which === 'in' }),
      offset: (page - 1) * PAGE,
      limit: PAGE,
    }),
    [which, page, version],
  );

  return (
    <div data-testid="promotion-drawer" data-action-id={p.actionId}>
      <Descriptions column={2} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('marketingPage.type')}>{t(`marketingPage.actionTypes.${p.actionType}`, { defaultValue: p.actionType })}</Descriptions.Item>
        <Descriptions.Item label={t('marketingPage.participation')}>
          {p.isParticipating ? <Tag color="green">{t('marketingPage.participating')}</Tag> : <Tag>{t('marketingPage.notParticipating')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('marketingPage.starts')}>{p.dateStart ? formatDate(p.dateStart, locale) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('marketingPage.ends')}>{p.dateEnd ? formatDate(p.dateEnd, locale) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('marketingPage.inAction')}>{formatNumber(p.participatingCount, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('marketingPage.candidates')}>{formatNumber(p.candidateCount, locale)}</Descriptions.Item>
      </Descriptions>
      {p.description ? (
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, expandable: true }}>
          {p.description}
        </Typography.Paragraph>
      ) : null}
      <Segmented<'all' | 'in' | 'candidates'>
        value={which}
        onChange={(v) => {
          setWhich(v);
          setPage(1);
        }}
        style={{ marginBottom: 12 }}
        options={[
          { value: 'all', label: <span data-testid="promotion-products-all">{t('marketingPage.allProducts')}</span> },
          { value: 'in', label: <span data-testid="promotion-products-in">{t('marketingPage.inAction')}</span> },
          { value: 'candidates', label: <span data-testid="promotion-products-candidates">{t('marketingPage.candidates')}</span> },
        ]}
      />
      {products.error ? <ErrorAlert error={products.error} /> : null}
      <Table<PromotionProductRow>
        data-testid="promotion-products"
        size="small"
        rowKey="productId"
        loading={products.loading}
        dataSource={products.data?.rows ?? []}
        onRow={(r) => ({ 'data-testid': `promotion-product-${r.productId}` }) as React.HTMLAttributes<HTMLElement>}
        pagination={{ current: page, pageSize: PAGE, total: products.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        locale={{ emptyText: t('marketingPage.noProducts') }}
        columns={[
          {
            key: 'name',
            title: t('products.name'),
            render: (_, r) => (
              <div style={{ lineHeight: 1.35 }}>
                <div>{r.name ?? r.productId}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.offerId ?? ''}
                </Typography.Text>
              </div>
            ),
          },
          {
            key: 'state',
            title: '',
            width: 110,
            render: (_, r) => (r.participating ? <Tag color="green">{t('marketingPage.inActionShort')}</Tag> : <Tag>{t('marketingPage.candidateShort')}</Tag>),
          },
          { key: 'current', title: t('marketingPage.currentPrice'), align: 'right', width: 120, render: (_, r) => formatMoney(r.currentPrice, r.currency, locale) },
          {
            key: 'action',
            title: t('marketingPage.actionPrice'),
            align: 'right',
            width: 150,
            render: (_, r) => {
              const off = discountPercent(r.currentPrice, r.actionPrice);
              return (
                <span data-testid={`promotion-action-price-${r.productId}`}>
                  {formatMoney(r.actionPrice, r.currency, locale)}
                  {off !== null ? <span style={off > 0 ? { ...DANGER, marginInlineStart: 6 } : { marginInlineStart: 6 }}>{off > 0 ? `−${off}%` : `+${-off}%`}</span> : null}
                </span>
              );
            },
          },
          { key: 'max', title: t('marketingPage.maxActionPrice'), align: 'right', width: 130, render: (_, r) => formatMoney(r.maxActionPrice, r.currency, locale) },
          { key: 'stock', title: t('products.stock'), align: 'right', width: 80, render: (_, r) => (r.stock === null ? '—' : formatNumber(r.stock, locale)) },
          {
            key: 'do',
            title: t('promotionAction.actions'),
            align: 'right',
            width: 170,
            render: (_, r) => <PromotionProductAction storeId={storeId} actionId={p.actionId} row={r} entries={queued.data?.entries ?? []} onChanged={queued.reload} />,
          },
        ]}
      />
    </div>
  );
}
