import { Button, Descriptions, Drawer, Skeleton, Tag } from 'antd';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { formatDateTimeShort } from '../../lib/format';
import { formatMoney, formatNumber } from '../../lib/money';
import { useWorkstation } from '../../store/workstation';
import { RETURN_STATUS_COLOR } from './returnStatus';

interface Props {
  storeId: string;
  returnId: string | null;
  onClose(): void;
  statusLabel(status: string): string;
}

/** One return with the posting it came from (when cached); "open the posting" goes to Orders. */
export function ReturnDrawer({ storeId, returnId, onClose, statusLabel }: Props) {
  const { t } = useLocale();
  return (
    <Drawer open={returnId !== null} onClose={onClose} size={520} title={t('returnsPage.detailTitle')} destroyOnHidden closable={{ 'aria-label': t('common.close') }}>
      {returnId ? <ReturnBody key={returnId} storeId={storeId} returnId={returnId} statusLabel={statusLabel} /> : null}
    </Drawer>
  );
}

function ReturnBody({ storeId, returnId, statusLabel }: { storeId: string; returnId: string; statusLabel(s: string): string }) {
  const { t, locale } = useLocale();
  const version = useWorkstation((s) => s.dataVersion);
  // a sync may move the return to its next status while the drawer is open
  const d = useLoad(() => call('returns:get', { storeId, returnId }), [version]);
  if (d.error)
    return (
      <>
        <ErrorAlert error={d.error} />
        <Button onClick={() => void d.reload()} data-testid="return-retry">
          {t('common.retry')}
        </Button>
      </>
    );
  if (!d.data) return <Skeleton active data-testid="return-loading" />;
  const { ret: r, posting: p } = d.data;
  const dash = '—';
  return (
    <div data-testid="return-drawer" data-return-id={r.returnId}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('returnsPage.returnId')}>{r.returnId}</Descriptions.Item>
        <Descriptions.Item label={t('returnsPage.posting')}>
          <span data-testid="return-posting">{r.postingNumber}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('returnsPage.statusTitle')}>
          <Tag color={RETURN_STATUS_COLOR[r.status] ?? 'default'} data-testid="return-status" data-status={r.status}>
            {statusLabel(r.status)}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('returnsPage.typeTitle')}>{t(`returnsPage.type.${r.type}`, { defaultValue: r.type })}</Descriptions.Item>
        <Descriptions.Item label={t('returnsPage.scheme')}>{r.scheme.toUpperCase() || dash}</Descriptions.Item>
        <Descriptions.Item label={t('returnsPage.reason')}>{r.reason || dash}</Descriptions.Item>
        <Descriptions.Item label={t('returnsPage.product')}>
          <span data-testid="return-product">{r.productName ?? dash}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('products.offerId')}>{r.offerId ?? dash}</Descriptions.Item>
        <Descriptions.Item label={t('products.sku')}>{r.sku ?? dash}</Descriptions.Item>
        <Descriptions.Item label={t('returnsPage.quantity')}>{formatNumber(r.quantity, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('returnsPage.price')}>{r.price ? formatMoney(r.price, r.currency ?? 'RUB', locale) : dash}</Descriptions.Item>
        <Descriptions.Item label={t('returnsPage.returnedAt')}>{r.returnedAt ? formatDateTimeShort(r.returnedAt, locale) : dash}</Descriptions.Item>
      </Descriptions>
      <Descriptions column={1} size="small" bordered title={t('returnsPage.postingTitle')} style={{ marginTop: 16 }} data-testid="return-posting-info">
        {p ? (
          <>
            <Descriptions.Item label={t('orders.status')}>{t(`orderStatus.${p.status}`, { defaultValue: p.status })}</Descriptions.Item>
            <Descriptions.Item label={t('orders.inProcessAt')}>{p.inProcessAt ? formatDateTimeShort(p.inProcessAt, locale) : dash}</Descriptions.Item>
            <Descriptions.Item label={t('orders.total')}>{formatMoney(p.total, p.currency, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('orders.items')}>{t('orders.units', { count: p.itemsCount, formatted: formatNumber(p.itemsCount, locale) })}</Descriptions.Item>
          </>
        ) : (
          <Descriptions.Item label={t('orders.status')}>{t('returnsPage.postingNotCached')}</Descriptions.Item>
        )}
      </Descriptions>
    </div>
  );
}
