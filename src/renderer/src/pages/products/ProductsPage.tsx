import { PictureOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Flex, Input, Select, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Account } from '../../../../shared/http/auth';
import type { ProductRow } from '../../../../shared/ipc/workstation';
import type { IpcInput } from '../../../../shared/ipc/contract';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { VirtualList, type VColumn, type VSort } from '../../components/VirtualList';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { useWindowedRows } from '../../hooks/useWindowedRows';
import { formatDateTimeShort } from '../../lib/format';
import { formatMoney, formatNumber } from '../../lib/money';
import { useWorkstation } from '../../store/workstation';
import { ImportProgress } from '../stores/ImportProgress';
import { StoreOnboarding } from '../stores/StoreOnboarding';
import { SyncBadge } from './SyncBadge';

type Query = IpcInput<'products:query'>;
type SortField = NonNullable<Query['sort']>['field'];

interface Filters {
  status?: string;
  visibility?: 'visible' | 'hidden';
  stock?: 'in_stock' | 'out_of_stock';
  warehouseId?: string;
  categoryId?: string;
  archived: 'active' | 'archived' | 'all';
}
const NO_FILTERS: Filters = { archived: 'active' };

/** Plain styles for cells: thousands of rows scroll by, so no measuring components inside them. */
export const SECONDARY = { color: 'rgba(0,0,0,0.45)' } as const;
export const DANGER = { color: '#ff4d4f' } as const;
export const ELLIPSIS = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;
export const ELLIPSIS_STRONG = { ...ELLIPSIS, fontWeight: 600 } as const;
export const ELLIPSIS_SECONDARY = { ...ELLIPSIS, ...SECONDARY, fontSize: 12 } as const;

/** Debounced copy of a value: the search box stays instant, the query follows 250 ms later. */
export function useDebounced<T>(value: T, ms = 250): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return v;
}

export function ProductsPage({ account }: { account: Account }) {
  const { t } = useLocale();
  const storeId = useWorkstation((s) => s.currentStoreId);
  const loaded = useWorkstation((s) => s.storesLoaded);
  const noStores = useWorkstation((s) => s.stores.length === 0);

  return (
    <Flex vertical style={{ height: 'calc(100vh - 64px - 48px)' }}>
      {storeId ? null : (
        <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="page-title">
          {t('nav.products')}
        </Typography.Title>
      )}
      {loaded && noStores ? <StoreOnboarding account={account} /> : null}
      {storeId ? <ProductsList key={storeId} storeId={storeId} /> : null}
    </Flex>
  );
}

function ProductsList({ storeId }: { storeId: string }) {
  const { t, locale } = useLocale();
  const version = useWorkstation((s) => s.dataVersion);
  const online = useWorkstation((s) => s.sync?.online ?? true);
  const openProduct = useWorkstation((s) => s.openProduct);
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [sort, setSort] = useState<VSort | null>(null);
  const q = useDebounced(search.trim(), 250);
  const facets = useLoad(() => call('products:facets', { storeId }));

  const query = useMemo(() => {
    const base: Omit<Query, 'offset' | 'limit'> = { storeId };
    if (q) base.search = q;
    if (filters.status) base.status = filters.status;
    if (filters.visibility) base.visibility = filters.visibility;
    if (filters.stock) base.stock = filters.stock;
    if (filters.warehouseId) base.warehouseId = filters.warehouseId;
    if (filters.categoryId) base.categoryId = filters.categoryId;
    if (filters.archived !== 'all') base.archived = filters.archived === 'archived';
    if (sort) base.sort = { field: sort.field as SortField, dir: sort.dir };
    return base;
  }, [storeId, q, filters, sort]);
  const queryKey = JSON.stringify(query);
  const fetchPage = useCallback((offset: number, limit: number) => call('products:query', { ...query, offset, limit }), [query]);
  const rows = useWindowedRows<ProductRow>(fetchPage, queryKey, version);

  // facets change with the data too (new warehouses, categories)
  const reloadFacets = facets.reload;
  useEffect(() => {
    if (version > 0) void reloadFacets();
  }, [version, reloadFacets]);

  const filtered = !!q || JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setFilters((f) => ({ ...f, [k]: v }));

  const columns: VColumn<ProductRow>[] = [
    {
      key: 'image',
      title: '',
      width: '56px',
      align: 'center',
      render: (r) =>
        r.primaryImage ? (
          <img src={r.primaryImage} alt="" loading="lazy" style={{ width: 36, height: 36, objectFit: 'cover', borderRadius: 4, background: '#f5f5f5' }} />
        ) : (
          <PictureOutlined style={{ fontSize: 20, color: '#bfbfbf' }} />
        ),
    },
    {
      key: 'name',
      title: t('products.name'),
      width: 'minmax(200px, 3fr)',
      sortField: 'name',
      render: (r) => (
        <div style={{ minWidth: 0, lineHeight: 1.35 }} title={r.name}>
          <div style={ELLIPSIS_STRONG}>{r.name}</div>
          <div style={ELLIPSIS_SECONDARY}>{r.categoryName ?? ''}</div>
        </div>
      ),
    },
    { key: 'offerId', title: t('products.offerId'), width: 'minmax(110px, 1fr)', sortField: 'offerId', render: (r) => r.offerId },
    { key: 'sku', title: 'SKU', width: '104px', render: (r) => <span style={SECONDARY}>{r.sku ?? '—'}</span> },
    {
      key: 'status',
      title: t('products.status'),
      width: '140px',
      render: (r) => (
        <Flex gap={4} wrap={false}>
          <Tag color={r.status === 'price_sent' ? 'green' : r.status === 'failed' || r.status === 'declined' ? 'red' : 'default'} style={{ marginInlineEnd: 0 }}>
            {t(`productStatus.${r.status}`, { defaultValue: r.status })}
          </Tag>
          {r.archived ? <Tag style={{ marginInlineEnd: 0 }}>{t('products.archivedTag')}</Tag> : !r.visible ? <Tag style={{ marginInlineEnd: 0 }}>{t('products.hiddenTag')}</Tag> : null}
        </Flex>
      ),
    },
    { key: 'price', title: t('products.price'), width: '120px', align: 'right', sortField: 'price', render: (r) => formatMoney(r.price, r.currency, locale) },
    {
      key: 'stock',
      title: t('products.stock'),
      width: '96px',
      align: 'right',
      sortField: 'stock',
      render: (r) => (
        <span title={t('products.stockTitle', { present: r.stockPresent, reserved: r.stockReserved })}>
          <span style={r.stockPresent - r.stockReserved <= 0 ? DANGER : undefined}>{formatNumber(r.stockPresent, locale)}</span>
          {r.stockReserved > 0 ? <span style={SECONDARY}> / {formatNumber(r.stockReserved, locale)}</span> : null}
        </span>
      ),
    },
    { key: 'updatedAt', title: t('products.updated'), width: '136px', sortField: 'updatedAt', render: (r) => <span style={SECONDARY}>{formatDateTimeShort(r.updatedAt, locale)}</span> },
    { key: 'sync', title: '', width: '136px', align: 'right', render: (r) => <SyncBadge state={r.syncState} testId={`product-sync-${r.productId}`} /> },
  ];

  return (
    <>
      <Flex justify="space-between" align="baseline" gap={16} style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
          {t('nav.products')}
        </Typography.Title>
        <Flex gap={8} align="center">
          {!online ? (
            <Tag color="orange" data-testid="products-offline">
              {t('products.offline')}
            </Tag>
          ) : null}
          <Typography.Text type="secondary" data-testid="products-total" data-total={rows.total ?? ''}>
            {rows.total !== null ? t('products.total', { formatted: formatNumber(rows.total, locale) }) : ''}
          </Typography.Text>
        </Flex>
      </Flex>
      <ImportProgress storeId={storeId} />
      <Flex gap={8} wrap style={{ marginBottom: 12 }} align="center">
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('products.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="products-search"
          style={{ width: 240 }}
        />
        <Select
          allowClear
          placeholder={t('products.status')}
          value={filters.status}
          onChange={(v?: string) => set('status', v)}
          data-testid="products-filter-status"
          style={{ minWidth: 130 }}
          options={(facets.data?.statuses ?? []).map((s) => ({ value: s, label: t(`productStatus.${s}`, { defaultValue: s }) }))}
        />
        <Select
          allowClear
          placeholder={t('products.visibility')}
          value={filters.visibility}
          onChange={(v?: Filters['visibility']) => set('visibility', v)}
          data-testid="products-filter-visibility"
          style={{ minWidth: 120 }}
          options={[
            { value: 'visible', label: t('products.visible') },
            { value: 'hidden', label: t('products.hidden') },
          ]}
        />
        <Select
          allowClear
          placeholder={t('products.stock')}
          value={filters.stock}
          onChange={(v?: Filters['stock']) => set('stock', v)}
          data-testid="products-filter-stock"
          style={{ minWidth: 120 }}
          options={[
            { value: 'in_stock', label: t('products.inStock') },
            { value: 'out_of_stock', label: t('products.outOfStock') },
          ]}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('products.warehouse')}
          value={filters.warehouseId}
          onChange={(v?: string) => set('warehouseId', v)}
          data-testid="products-filter-warehouse"
          style={{ minWidth: 140 }}
          options={(facets.data?.warehouses ?? []).map((w) => ({ value: w.id, label: w.name }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('products.category')}
          value={filters.categoryId}
          onChange={(v?: string) => set('categoryId', v)}
          data-testid="products-filter-category"
          style={{ minWidth: 150 }}
          options={(facets.data?.categories ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
        <Select
          value={filters.archived}
          onChange={(v: Filters['archived']) => set('archived', v)}
          data-testid="products-filter-archived"
          style={{ minWidth: 120 }}
          options={[
            { value: 'active', label: t('products.notArchived') },
            { value: 'archived', label: t('products.archived') },
            { value: 'all', label: t('products.allProducts') },
          ]}
        />
        {filtered ? (
          <Button
            type="link"
            data-testid="products-reset-filters"
            onClick={() => {
              setSearch('');
              setFilters(NO_FILTERS);
            }}
          >
            {t('products.resetFilters')}
          </Button>
        ) : null}
      </Flex>
      {facets.error ? <ErrorAlert error={facets.error} /> : null}
      {rows.error ? (
        <Alert
          type="error"
          showIcon
          data-testid="products-error"
          data-error-code={rows.error.code}
          style={{ marginBottom: 12 }}
          title={t(`errors.${rows.error.code}`)}
          action={
            <Button size="small" icon={<ReloadOutlined />} onClick={rows.retry} data-testid="products-retry">
              {t('common.retry')}
            </Button>
          }
        />
      ) : null}
      <VirtualList<ProductRow>
        testId="products-table"
        columns={columns}
        rowCount={rows.total ?? (rows.loading ? 12 : 0)}
        rowHeight={52}
        getRow={rows.row}
        rowKey={(r) => r.productId}
        rowTestId={(r) => `product-row-${r.productId}`}
        onRowClick={(r) => openProduct(r.productId)}
        onRange={rows.onRange}
        sort={sort}
        onSort={setSort}
        revision={rows.revision}
        empty={
          rows.error ? null : <Empty
            data-testid="products-empty"
            description={filtered ? t('products.noMatch') : t('products.noProducts')}
          />
        }
      />
    </>
  );
}
