import { Select, Tag } from 'antd';
import { useMemo } from 'react';
import type { Account } from '../../../../shared/http/auth';
import type { ProductRow } from '../../../../shared/ipc/workstation';
import type { IpcInput } from '../../../../shared/ipc/contract';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilterSelect } from '../../components/FilterSelect';
import { ListPage } from '../../components/ListPage';
import { DANGER, ELLIPSIS, ELLIPSIS_SECONDARY, ELLIPSIS_STRONG, SECONDARY, useListState, useQueryRows } from '../../components/listKit';
import { StorePage } from '../../components/StorePage';
import type { VColumn } from '../../components/VirtualList';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { DateTimeCell } from '../../components/DateTimeCell';
import { formatMoney, formatNumber } from '../../lib/money';
import { useWorkstation } from '../../store/workstation';
import { ImportProgress } from '../stores/ImportProgress';
import { ProductThumb } from './ProductImage';
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
const NAME_LINE = { display: 'flex', alignItems: 'center', gap: 6, minWidth: 0 } as const;

export function ProductsPage({ account }: { account: Account }) {
  return (
    <StorePage account={account} titleKey="nav.products">
      {(storeId) => <ProductsList storeId={storeId} />}
    </StorePage>
  );
}

function ProductsList({ storeId }: { storeId: string }) {
  const { t, locale } = useLocale();
  const version = useWorkstation((s) => s.dataVersion);
  const openProduct = useWorkstation((s) => s.openProduct);
  const { search, setSearch, q, filters, set, reset, filtered, sort, setSort } = useListState(NO_FILTERS, null);
  // facets change with the data too (new warehouses, categories)
  const facets = useLoad(() => call('products:facets', { storeId }), [version]);

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
  const rows = useQueryRows(query, (input) => call('products:query', input), version);

  // Fixed tracks sum to 692 px, so at 1280 px (1012 px of content) the name takes the rest
  // and nothing scrolls sideways; at the 960 px minimum the list scrolls, the name first.
  const columns: VColumn<ProductRow>[] = [
    {
      key: 'image',
      title: '',
      width: '56px',
      align: 'center',
      render: (r) => <ProductThumb src={r.primaryImage} />,
    },
    {
      key: 'name',
      title: t('products.name'),
      width: 'minmax(200px, 1fr)',
      sortField: 'name',
      render: (r) => (
        <div style={{ minWidth: 0, lineHeight: 1.35 }} title={r.name}>
          {/* the row's sync state rides on the name: a column of its own sat empty for synced rows */}
          <div style={NAME_LINE}>
            <span style={ELLIPSIS_STRONG}>{r.name}</span>
            <SyncBadge state={r.syncState} testId={`product-sync-${r.productId}`} />
          </div>
          <div style={ELLIPSIS_SECONDARY}>{r.categoryName ?? ''}</div>
        </div>
      ),
    },
    {
      key: 'offerId',
      title: t('products.offerId'),
      width: '136px',
      sortField: 'offerId',
      render: (r) => (
        <div style={{ minWidth: 0, lineHeight: 1.35 }}>
          <div style={ELLIPSIS} title={r.offerId}>
            {r.offerId}
          </div>
          <div style={ELLIPSIS_SECONDARY}>{r.sku ? `SKU ${r.sku}` : ''}</div>
        </div>
      ),
    },
    {
      key: 'status',
      title: t('products.status'),
      width: '136px',
      render: (r) => (
        <div style={{ minWidth: 0, lineHeight: 1.35 }}>
          <Tag
            color={r.status === 'price_sent' ? 'green' : r.status === 'failed' || r.status === 'declined' ? 'red' : 'default'}
            style={{ ...ELLIPSIS, maxWidth: '100%', marginInlineEnd: 0, verticalAlign: 'middle' }}
          >
            {t(`productStatus.${r.status}`, { defaultValue: r.status })}
          </Tag>
          {r.archived || !r.visible ? <div style={ELLIPSIS_SECONDARY}>{t(r.archived ? 'products.archivedTag' : 'products.hiddenTag')}</div> : null}
        </div>
      ),
    },
    { key: 'price', title: t('products.price'), width: '120px', align: 'right', sortField: 'price', render: (r) => formatMoney(r.price, r.currency, locale) },
    {
      key: 'stock',
      title: t('products.stock'),
      width: '100px',
      align: 'right',
      sortField: 'stock',
      render: (r) => (
        <span title={t('products.stockTitle', { present: r.stockPresent, reserved: r.stockReserved })}>
          <span style={r.stockPresent - r.stockReserved <= 0 ? DANGER : undefined}>{formatNumber(r.stockPresent, locale)}</span>
          {r.stockReserved > 0 ? <span style={SECONDARY}> / {formatNumber(r.stockReserved, locale)}</span> : null}
        </span>
      ),
    },
    // "29.11.2026, 01:08" (ru, the widest) needs 144 px
    { key: 'updatedAt', title: t('products.updated'), width: '144px', sortField: 'updatedAt', render: (r) => <DateTimeCell iso={r.updatedAt} locale={locale} empty="" style={SECONDARY} /> },
  ];

  return (
    <ListPage<ProductRow>
      testPrefix="products"
      title={t('nav.products')}
      totalText={(n) => t('products.total', { count: n, formatted: formatNumber(n, locale) })}
      offlineText={t('products.offline')}
      banner={<ImportProgress storeId={storeId} />}
      filtered={filtered}
      onReset={reset}
      search={{ value: search, onChange: setSearch, placeholder: t('products.searchPlaceholder'), width: 240 }}
      filters={
        <>
          <FilterSelect
            placeholder={t('products.status')}
            value={filters.status}
            onChange={(v) => set('status', v)}
            testId="products-filter-status"
            minWidth={130}
            options={(facets.data?.statuses ?? []).map((s) => ({ value: s, label: t(`productStatus.${s}`, { defaultValue: s }) }))}
          />
          <FilterSelect
            placeholder={t('products.visibility')}
            value={filters.visibility}
            onChange={(v) => set('visibility', v)}
            testId="products-filter-visibility"
            minWidth={120}
            options={[
              { value: 'visible', label: t('products.visible') },
              { value: 'hidden', label: t('products.hidden') },
            ]}
          />
          <FilterSelect
            placeholder={t('products.stock')}
            value={filters.stock}
            onChange={(v) => set('stock', v)}
            testId="products-filter-stock"
            minWidth={120}
            options={[
              { value: 'in_stock', label: t('products.inStock') },
              { value: 'out_of_stock', label: t('products.outOfStock') },
            ]}
          />
          <FilterSelect
            searchable
            placeholder={t('products.warehouse')}
            value={filters.warehouseId}
            onChange={(v) => set('warehouseId', v)}
            testId="products-filter-warehouse"
            minWidth={140}
            options={(facets.data?.warehouses ?? []).map((w) => ({ value: w.id, label: w.name }))}
          />
          <FilterSelect
            searchable
            placeholder={t('products.category')}
            value={filters.categoryId}
            onChange={(v) => set('categoryId', v)}
            testId="products-filter-category"
            minWidth={150}
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
        </>
      }
      extraError={facets.error ? <ErrorAlert error={facets.error} /> : null}
      rows={rows}
      columns={columns}
      rowKey={(r) => r.productId}
      rowTestId={(r) => `product-row-${r.productId}`}
      onRowClick={(r) => openProduct(r.productId)}
      sort={sort}
      onSort={setSort}
      emptyText={t('products.noProducts')}
      noMatchText={t('products.noMatch')}
    />
  );
}
