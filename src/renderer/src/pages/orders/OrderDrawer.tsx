import { Alert, App, Button, Descriptions, Drawer, Flex, Skeleton, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { PostingDetail, PostingItem } from '../../../../shared/ipc/actions';
import type { ExportValuesByKind } from '../../../../shared/exports';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../hooks/useLoad';
import { useErrorToast } from '../../hooks/useErrorToast';
import { useLocale } from '../../hooks/useLocale';
import { formatDateTimeShort } from '../../lib/format';
import { formatMoney, formatNumber } from '../../lib/money';
import { ActionStatus, useActionsMoved } from '../queue/ActionStatus';
import { CancelModal } from './CancelModal';
import { ORDER_STATUS_COLOR } from './orderStatus';
import { ShipModal } from './ShipModal';

/** Ozon statuses of an FBS posting the seller may still cancel (mirrors the server's check). */
const CANCELLABLE = new Set(['acceptance_in_progress', 'awaiting_registration', 'awaiting_approve', 'awaiting_packaging', 'awaiting_deliver']);

interface Props {
  storeId: string;
  postingNumber: string | null;
  onClose(): void;
}

/** One posting with its items; ship (packages) or cancel (reason) it — queued offline, sent when online. */
export function OrderDrawer({ storeId, postingNumber, onClose }: Props) {
  const { t } = useLocale();
  return (
    <Drawer open={postingNumber !== null} onClose={onClose} size={620} title={t('orderDrawer.title')} destroyOnHidden closable={{ 'aria-label': t('common.close') }}>
      {postingNumber ? <OrderBody key={postingNumber} storeId={storeId} postingNumber={postingNumber} /> : null}
    </Drawer>
  );
}

function OrderBody({ storeId, postingNumber }: { storeId: string; postingNumber: string }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const toast = useErrorToast();
  const d = useLoad(() => call('actions:posting', { storeId, postingNumber }), useActionsMoved());
  const [modal, setModal] = useState<'ship' | 'cancel' | null>(null);
  const [queued, setQueued] = useState<string[]>([]);
  const reload = d.reload;

  const enqueue = async <K extends 'posting_ship' | 'posting_cancel'>(kind: K, values: ExportValuesByKind[K], label: string) => {
    try {
      const e = await call('actions:enqueue', { storeId, kind, key: postingNumber, values, label });
      void message.success(t('actionState.queuedToast', { what: t(`actionKind.${kind}`) }));
      setModal(null);
      // recorded after the reload: the view then knows the entry was queued even if it is already applied
      await reload();
      setQueued((q) => [...q, e.id]);
    } catch (e) {
      toast(e);
    }
  };

  if (d.error) return <ErrorAlert error={d.error} />;
  if (!d.data) return <Skeleton active data-testid="order-loading" />;
  const { posting: p } = d.data;
  const pending = d.data.entries.some((e) => e.state !== 'failed');
  const fbs = p.scheme === 'fbs';
  const canShip = fbs && p.status === 'awaiting_packaging' && !pending;
  const canCancel = fbs && CANCELLABLE.has(p.status) && !pending;
  const dash = '—';
  const label = `${p.postingNumber} · ${p.items[0]?.name ?? ''}`.slice(0, 200);
  return (
    <div data-testid="order-drawer" data-posting={p.postingNumber} data-status={p.status}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('orders.posting')}>
          <span style={{ userSelect: 'text' }}>{p.postingNumber}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('orderDrawer.order')}>{p.orderNumber || dash}</Descriptions.Item>
        <Descriptions.Item label={t('orderDrawer.scheme')}>{p.scheme.toUpperCase()}</Descriptions.Item>
        <Descriptions.Item label={t('orders.status')}>
          <Tag color={ORDER_STATUS_COLOR[p.status] ?? 'default'} data-testid="order-status" data-status={p.status}>
            {t(`orderStatus.${p.status}`, { defaultValue: p.status })}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('orderDrawer.delivery')}>{p.deliveryMethodName ?? dash}</Descriptions.Item>
        <Descriptions.Item label={t('orderDrawer.tracking')}>{p.trackingNumber ?? dash}</Descriptions.Item>
        <Descriptions.Item label={t('orders.inProcessAt')}>{p.inProcessAt ? formatDateTimeShort(p.inProcessAt, locale) : dash}</Descriptions.Item>
        <Descriptions.Item label={t('orders.shipBy')}>{p.shipmentDate ? formatDateTimeShort(p.shipmentDate, locale) : dash}</Descriptions.Item>
        {p.cancelReason ? <Descriptions.Item label={t('orderDrawer.cancelReason')}>{p.cancelReason}</Descriptions.Item> : null}
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('orderDrawer.items')}
      </Typography.Title>
      <ItemsTable items={p.items} />
      <Flex vertical gap={12} style={{ marginTop: 16 }}>
        <ActionStatus target={d.data} onChanged={reload} testId="order-action" queued={queued} />
        {fbs ? (
          <Flex gap={8}>
            <Button type="primary" disabled={!canShip} onClick={() => setModal('ship')} data-testid="order-ship">
              {t('orderDrawer.ship')}
            </Button>
            <Button danger disabled={!canCancel} onClick={() => setModal('cancel')} data-testid="order-cancel">
              {t('orderDrawer.cancel')}
            </Button>
          </Flex>
        ) : null}
        {!canShip && !pending && p.status !== 'awaiting_packaging' ? <Alert type="info" showIcon title={t('orderDrawer.notActionable')} /> : null}
      </Flex>
      {/* Mounted only while open. antd hands Escape to the newest open layer alone (one window-wide
          stack), and a closed modal stays on it until its leave animation ends (longer on a busy
          machine): an Escape right after a ship, a cancel or closing the modal went to the modal
          and the drawer stayed open. Unmounted, the modal leaves the stack at once. */}
      {modal === 'ship' ? <ShipModal open items={p.items} onCancel={() => setModal(null)} onShip={(v) => enqueue('posting_ship', v, label)} /> : null}
      {modal === 'cancel' ? <CancelModal open onCancel={() => setModal(null)} onConfirm={(v) => enqueue('posting_cancel', v, label)} /> : null}
    </div>
  );
}

function ItemsTable({ items }: { items: PostingDetail['posting']['items'] }) {
  const { t, locale } = useLocale();
  return (
    <Table<PostingItem>
      size="small"
      pagination={false}
      rowKey={(i) => `${i.sku}:${i.offerId}`}
      dataSource={items}
      data-testid="order-items"
      columns={[
        {
          key: 'name',
          title: t('orderDrawer.name'),
          render: (_, i) => (
            <Flex vertical>
              <Typography.Text>{i.name}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {i.offerId} · SKU {i.sku}
              </Typography.Text>
            </Flex>
          ),
        },
        { key: 'qty', title: t('orderDrawer.quantity'), align: 'right', render: (_, i) => formatNumber(i.quantity, locale) },
        { key: 'price', title: t('orderDrawer.price'), align: 'right', render: (_, i) => (i.price ? formatMoney(i.price, i.currency || 'RUB', locale) : '—') },
      ]}
    />
  );
}
