import { Alert, App, Button, Card, Descriptions, Drawer, Flex, Form, Input, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { Account } from '../../../../shared/http/auth';
import type { ProductDetail, RowSync } from '../../../../shared/ipc/workstation';
import { can } from '../../../../shared/roles';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormAction } from '../../hooks/useFormAction';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { moneyToInput, normalizeMoney, validatePrices, type PriceField } from '../../lib/money';
import { useWorkstation } from '../../store/workstation';
import { ConflictDialog } from '../queue/ConflictDialog';
import { ProductArchive } from './ProductArchive';
import { ProductCover } from './ProductImage';
import { StocksTable } from './ProductStocks';
import { SyncAlerts } from './ProductSyncAlerts';

interface Values {
  name: string;
  price: string;
  oldPrice: string;
  minPrice: string;
}
const FIELDS = ['name', 'price', 'oldPrice', 'minPrice'] as const;
const PENDING_STYLE = { background: '#fffbe6', borderColor: '#faad14' };

function valuesOf(d: ProductDetail): Values {
  return {
    name: d.product.name,
    price: moneyToInput(d.product.price, false),
    oldPrice: moneyToInput(d.product.oldPrice),
    minPrice: moneyToInput(d.product.minPrice),
  };
}

type Changes = { name?: string; price?: string; oldPrice?: string; minPrice?: string };

/** What saving the form would send: the fields whose typed value differs from the product's (money as normalized). */
function changesOf(v: Partial<Values>, before: Values): Changes {
  const changes: Changes = {};
  if (v.name !== undefined && v.name.trim() !== before.name) changes.name = v.name.trim();
  for (const f of ['price', 'oldPrice', 'minPrice'] as const) {
    const now = normalizeMoney(v[f] ?? '') ?? '';
    const was = normalizeMoney(before[f]) ?? '';
    // an emptied old/min price is Ozon's "0" (no old price / no minimum)
    if (now !== was) changes[f] = now === '' ? '0' : now;
  }
  return changes;
}

export function ProductDrawer({ account }: { account: Account }) {
  const { t } = useLocale();
  const productId = useWorkstation((s) => s.productId);
  const storeId = useWorkstation((s) => s.currentStoreId);
  const openProduct = useWorkstation((s) => s.openProduct);
  return (
    <Drawer
      open={!!productId}
      onClose={() => openProduct(null)}
      size={780}
      title={t('product.title')}
      destroyOnHidden
      closable={{ 'aria-label': t('common.close') }}
    >
      {productId && storeId ? <ProductView key={`${storeId}:${productId}`} storeId={storeId} productId={productId} account={account} /> : null}
    </Drawer>
  );
}

function ProductView({ storeId, productId, account }: { storeId: string; productId: string; account: Account }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const version = useWorkstation((s) => s.dataVersion);
  const online = useWorkstation((s) => s.sync?.online ?? true);
  const detail = useLoad(() => call('products:get', { storeId, productId }));
  const [form] = Form.useForm<Values>();
  const watched = Form.useWatch([], form) as Partial<Values> | undefined;
  const [resolving, setResolving] = useState<{ entryId: string; conflicts: NonNullable<RowSync['conflict']>['conflicts'] } | null>(null);
  const canName = can(account.role, 'products.edit');
  const canPrice = can(account.role, 'prices.edit');
  const canStock = can(account.role, 'stocks.edit');
  const d = detail.data;

  // the data changed (a pull, another person's edit): re-read, keep what the person is typing
  const reload = detail.reload;
  const [seenVersion, setSeenVersion] = useState(version);
  useEffect(() => {
    if (version !== seenVersion) {
      setSeenVersion(version);
      void reload();
    }
  }, [version, seenVersion, reload]);
  useEffect(() => {
    if (!d) return;
    const v = valuesOf(d);
    form.setFields(FIELDS.filter((f) => !form.isFieldTouched(f)).map((f) => ({ name: f, value: v[f] })));
  }, [d, form]);

  const save = useFormAction(
    form,
    FIELDS,
    async (v: Values) => {
      if (!d) return;
      const changes = changesOf(v, valuesOf(d));
      if (Object.keys(changes).length === 0) {
        void message.info(t('product.nothingChanged'));
        return;
      }
      const next = await call('products:update', { storeId, productId, changes });
      detail.setData(next);
      const fresh = valuesOf(next);
      form.setFields(FIELDS.map((f) => ({ name: f, value: fresh[f], touched: false, errors: [] })));
      void message.success(online ? t('product.savedOnline') : t('product.savedOffline'));
    },
    { 'changes.name': 'name', 'changes.price': 'price', 'changes.oldPrice': 'oldPrice', 'changes.minPrice': 'minPrice' },
  );

  if (detail.loading && !d) {
    return (
      <Flex justify="center" style={{ padding: 48 }} data-testid="product-loading">
        <Spin />
      </Flex>
    );
  }
  if (!d) {
    return (
      <>
        <ErrorAlert error={detail.error} />
        <Button onClick={() => void detail.reload()} data-testid="product-retry">
          {t('common.retry')}
        </Button>
      </>
    );
  }

  const p = d.product;
  const sync = d.sync;
  // Save and Undo wait for something typed that differs from the product (an unparsable price counts: saving shows why)
  const dirty = watched !== undefined && Object.keys(changesOf(watched, valuesOf(d))).length > 0;
  const pending = new Set(sync.pendingFields);
  const priceRule = (field: PriceField) => ({
    validator: () => {
      const issue = validatePrices(form.getFieldsValue(['price', 'oldPrice', 'minPrice']) as Values)[field];
      return issue ? Promise.reject(new Error(t(`priceRules.${issue}`))) : Promise.resolve();
    },
  });
  const label = (field: string, text: string) => (
    <Space size={6}>
      {text}
      {pending.has(field) ? (
        <Tag color="gold" data-testid={`product-pending-${field}`} style={{ marginInlineEnd: 0 }}>
          {t('rowSync.pending')}
        </Tag>
      ) : null}
    </Space>
  );
  const syncState = sync.conflict ? 'conflict' : sync.rejection ? 'rejected' : pending.size > 0 ? 'pending' : 'synced';

  return (
    <Flex vertical gap={16} data-testid="product-drawer" data-product-id={p.productId}>
      <ErrorAlert error={detail.error} />
      <Flex gap={16}>
        <ProductCover images={p.images} alt={p.name} />
        <Flex vertical gap={6} style={{ minWidth: 0, flex: 1 }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="product-name">
            {p.name}
          </Typography.Title>
          <Space size={4} wrap>
            <Tag color={p.status === 'price_sent' ? 'green' : 'default'}>{t(`productStatus.${p.status}`, { defaultValue: p.status })}</Tag>
            {p.archived ? <Tag>{t('products.archivedTag')}</Tag> : p.visible ? <Tag color="blue">{t('products.visible')}</Tag> : <Tag>{t('products.hiddenTag')}</Tag>}
          </Space>
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t('products.offerId')}>
              <Typography.Text copyable data-testid="product-offer-id">
                {p.offerId}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('products.sku')}>{p.sku ? <Typography.Text copyable>{p.sku}</Typography.Text> : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('products.category')}>{p.categoryName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('product.barcodes')}>{p.barcodes.length ? p.barcodes.join(', ') : '—'}</Descriptions.Item>
          </Descriptions>
          <ProductArchive storeId={storeId} productId={p.productId} archived={p.archived} label={p.name} />
        </Flex>
      </Flex>

      <div data-testid="product-sync-state" data-state={syncState} data-ozon={sync.ozon?.state ?? ''}>
        <SyncAlerts
          sync={sync}
          onResolve={(entryId, conflicts) => setResolving({ entryId, conflicts })}
          onDiscarded={() => void detail.reload()}
        />
      </div>

      <Card size="small" title={t('product.editTitle')}>
        {!online ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('product.offlineNote')} data-testid="product-offline" /> : null}
        <ErrorAlert error={save.alertError} />
        <Form<Values> form={form} layout="vertical" initialValues={valuesOf(d)} onFinish={(v) => void save.run(v)} data-testid="product-form">
          <Form.Item name="name" label={label('name', t('products.name'))} rules={[{ required: true, whitespace: true, message: t('product.nameRequired') }, { max: 500, message: t('product.nameTooLong') }]}>
            <Input data-testid="product-name-input" disabled={!canName} style={pending.has('name') ? PENDING_STYLE : undefined} maxLength={500} />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="price" label={label('price', t('products.price'))} style={{ flex: 1 }} rules={[priceRule('price')]} dependencies={[]}>
              <Input data-testid="product-price-input" inputMode="decimal" suffix={p.currency} disabled={!canPrice} style={pending.has('price') ? PENDING_STYLE : undefined} />
            </Form.Item>
            <Form.Item name="oldPrice" label={label('oldPrice', t('product.oldPrice'))} style={{ flex: 1 }} rules={[priceRule('oldPrice')]} dependencies={['price']} extra={t('product.oldPriceHint')}>
              <Input data-testid="product-old-price-input" inputMode="decimal" suffix={p.currency} disabled={!canPrice} style={pending.has('oldPrice') ? PENDING_STYLE : undefined} />
            </Form.Item>
            <Form.Item name="minPrice" label={label('minPrice', t('product.minPrice'))} style={{ flex: 1 }} rules={[priceRule('minPrice')]} dependencies={['price']} extra={t('product.minPriceHint')}>
              <Input data-testid="product-min-price-input" inputMode="decimal" suffix={p.currency} disabled={!canPrice} style={pending.has('minPrice') ? PENDING_STYLE : undefined} />
            </Form.Item>
          </Flex>
          <Space>
            <Button type="primary" htmlType="submit" loading={save.loading} disabled={(!canName && !canPrice) || !dirty} data-testid="product-save">
              {t('common.save')}
            </Button>
            <Button
              data-testid="product-reset"
              disabled={!dirty}
              onClick={() => {
                const v = valuesOf(d);
                form.setFields(FIELDS.map((f) => ({ name: f, value: v[f], touched: false, errors: [] })));
              }}
            >
              {t('product.undo')}
            </Button>
          </Space>
        </Form>
      </Card>

      <Card size="small" title={t('product.stocksTitle')}>
        <StocksTable
          detail={d}
          canEdit={canStock}
          onSaved={(next) => detail.setData(next)}
          onResolve={(entryId, conflicts) => setResolving({ entryId, conflicts })}
          storeId={storeId}
          productId={productId}
        />
      </Card>

      {resolving ? (
        <ConflictDialog entryId={resolving.entryId} conflicts={resolving.conflicts} label={p.name} onClose={() => setResolving(null)} onResolved={() => void detail.reload()} />
      ) : null}
    </Flex>
  );
}
