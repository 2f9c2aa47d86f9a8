import { App, Button, Flex, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { STOCK_MAX } from '../../../../shared/domain/common';
import type { ProductDetail, RowSync } from '../../../../shared/ipc/workstation';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../hooks/useAction';
import { useLocale } from '../../hooks/useLocale';
import { formatNumber, parseStock, stockIssue } from '../../lib/money';
import { useWorkstation } from '../../store/workstation';
import { rejectionText } from './ProductSyncAlerts';
import { useStocksImported } from './useStocksImported';

type Stock = ProductDetail['stocks'][number];

/**
 * Stock per warehouse: each row edits its own count (Enter or Save), with its own sync state.
 * The field is plain text so what the person typed stays as typed (a number input would clamp
 * "-3" to 0 or read "1e3" as 1000 before parseStock sees it); only a value parseStock accepts is sent.
 */
export function StocksTable({
  detail,
  canEdit,
  onSaved,
  onResolve,
  storeId,
  productId,
}: {
  detail: ProductDetail;
  canEdit: boolean;
  onSaved(d: ProductDetail): void;
  onResolve(entryId: string, conflicts: NonNullable<RowSync['conflict']>['conflicts']): void;
  storeId: string;
  productId: string;
}) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const online = useWorkstation((s) => s.sync?.online ?? true);
  // during the store's first stock import a warehouse may show 0 only because its stock has not arrived: such a row
  // waits (a stock typed there would replace Ozon's on arrival)
  const arriving = useStocksImported(storeId) === false;
  const waits = (s: Stock) => arriving && !s.stocked && !s.sync.pendingFields.length;
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState<string | null>(null);
  const save = useAction(async (s: Stock, present: number) => {
    setSaving(s.warehouseId);
    try {
      const next = await call('stocks:update', { storeId, productId, warehouseId: s.warehouseId, present });
      setEdits((e) => {
        const { [s.warehouseId]: _, ...rest } = e;
        return rest;
      });
      onSaved(next);
      void message.success(online ? t('product.stockSavedOnline', { warehouse: s.warehouseName }) : t('product.savedOffline'));
    } finally {
      setSaving(null);
    }
  });

  return (
    <>
      <ErrorAlert error={save.error} />
      <Table<Stock>
        rowKey="warehouseId"
        size="small"
        pagination={false}
        dataSource={detail.stocks}
        locale={{ emptyText: t('product.noWarehouses') }}
        data-testid="product-stocks"
        columns={[
          {
            key: 'wh',
            title: t('products.warehouse'),
            render: (_, s) => (
              <Flex vertical>
                <span>{s.warehouseName}</span>
                {s.stocked ? null : (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`stock-new-${s.warehouseId}`} data-arriving={waits(s) ? 'true' : 'false'}>
                    {waits(s) ? t('product.stockArriving') : t('product.notStocked')}
                  </Typography.Text>
                )}
              </Flex>
            ),
          },
          {
            key: 'present',
            title: t('product.present'),
            width: 200,
            render: (_, s) => {
              const raw = edits[s.warehouseId];
              const issue = raw === undefined ? null : stockIssue(raw);
              const parsed = raw === undefined ? null : parseStock(raw);
              const pending = s.sync.pendingFields.includes('present');
              const errorId = `stock-error-${s.warehouseId}`;
              return (
                <Flex vertical gap={2}>
                  <Input
                    data-testid={`stock-input-${s.warehouseId}`}
                    value={raw ?? String(s.present)}
                    inputMode="numeric"
                    autoComplete="off"
                    aria-label={t('product.stockInputLabel', { warehouse: s.warehouseName })}
                    aria-invalid={issue !== null}
                    aria-describedby={issue ? errorId : undefined}
                    disabled={!canEdit || waits(s)}
                    status={issue ? 'error' : pending ? 'warning' : undefined}
                    onChange={(e) => {
                      const text = e.target.value;
                      setEdits((prev) => ({ ...prev, [s.warehouseId]: text }));
                    }}
                    onPressEnter={() => {
                      if (parsed !== null && parsed !== s.present && saving !== s.warehouseId) void save.run(s, parsed);
                    }}
                    style={{ width: 120 }}
                  />
                  {issue ? (
                    <Typography.Text type="danger" style={{ fontSize: 12 }} id={errorId} data-testid={errorId} data-issue={issue} role="alert">
                      {issue === 'tooLarge' ? t('product.stockTooLarge', { max: formatNumber(STOCK_MAX, locale) }) : t('product.stockInvalid')}
                    </Typography.Text>
                  ) : null}
                </Flex>
              );
            },
          },
          { key: 'reserved', title: t('product.reserved'), render: (_, s) => s.reserved },
          {
            key: 'sync',
            title: '',
            render: (_, s) => (
              <Space size={4} wrap data-testid={`stock-sync-${s.warehouseId}`}>
                {s.sync.pendingFields.length > 0 ? <Tag color="gold">{t('rowSync.pending')}</Tag> : null}
                {s.sync.rejection ? <Tag color="red" title={rejectionText(t, s.sync.rejection)}>{t('rowSync.failed')}</Tag> : null}
                {s.sync.conflict ? (
                  <Button size="small" danger onClick={() => s.sync.conflict && onResolve(s.sync.conflict.entryId, s.sync.conflict.conflicts)} data-testid={`stock-resolve-${s.warehouseId}`}>
                    {t('rowSync.resolve')}
                  </Button>
                ) : null}
                {s.sync.ozon && s.sync.ozon.state !== 'synced' ? (
                  <Tag color={s.sync.ozon.state === 'failed' ? 'red' : s.sync.ozon.state === 'drifted' ? 'orange' : 'blue'} title={s.sync.ozon.reason ?? undefined}>
                    {t(`ozonState.${s.sync.ozon.state}`)}
                  </Tag>
                ) : null}
              </Space>
            ),
          },
          {
            key: 'save',
            title: '',
            align: 'right',
            render: (_, s) => {
              const raw = edits[s.warehouseId];
              const parsed = raw === undefined ? null : parseStock(raw);
              const changed = parsed !== null && parsed !== s.present && !waits(s);
              return canEdit ? (
                <Button size="small" type={changed ? 'primary' : 'default'} disabled={!changed} loading={saving === s.warehouseId} data-testid={`stock-save-${s.warehouseId}`} onClick={() => parsed !== null && void save.run(s, parsed)}>
                  {t('common.save')}
                </Button>
              ) : null;
            },
          },
        ]}
      />
    </>
  );
}
