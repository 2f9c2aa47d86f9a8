import { Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import type { Account } from '../../../../shared/http/auth';
import type { IpcInput } from '../../../../shared/ipc/contract';
import type { OrderRow } from '../../../../shared/ipc/workstation';
import { call } from '../../api';
import { DateRangeFilter, ListPage } from '../../components/ListPage';
import { FilterSelect } from '../../components/FilterSelect';
import { DANGER, dateBounds, ELLIPSIS, ELLIPSIS_SECONDARY, ELLIPSIS_STRONG, TWO_LINE_TAG, TWO_LINES, useListState, useQueryRows } from '../../components/listKit';
import { StorePage } from '../../components/StorePage';
import type { VColumn } from '../../components/VirtualList';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { useNow } from '../../hooks/useNow';
import { DateTimeCell } from '../../components/DateTimeCell';
import { parseTime } from '../../lib/format';
import { formatMoney, formatNumber } from '../../lib/money';
import { useWorkstation } from '../../store/workstation';
import { OrderDrawer } from './OrderDrawer';
import { ORDER_STATUS_COLOR, POSTING_STATUSES } from './orderStatus';
import { AWAITING_SELLER_STATUSES } from '../../../../shared/domain/orders';

type Query = IpcInput<'orders:query'>;
type SortField = NonNullable<Query['sort']>['field'];

const AWAITING = new Set<string>(AWAITING_SELLER_STATUSES);

interface Filters {
  status?: string;
  scheme?: 'fbs' | 'fbo';
  warehouseId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

export function OrdersPage({ account }: { account: Account }) {
  return (
    <StorePage account={account} titleKey="nav.orders">
      {(storeId) => <OrdersList storeId={storeId} />}
    </StorePage>
  );
}

function OrdersList({ storeId }: { storeId: string }) {
  const { t, locale } = useLocale();
  const version = useWorkstation((s) => s.dataVersion);
  const { search, setSearch, q, filters, set, reset, filtered, sort, setSort } = useListState<Filters>({}, { field: 'inProcessAt', dir: 'desc' });
  const [open, setOpen] = useState<string | null>(null);
  // facets change with the data too (new warehouses)
  const facets = useLoad(() => call('products:facets', { storeId }), [version]);
  const now = useNow(60_000);

  const query = useMemo(() => {
    const base: Omit<Query, 'offset' | 'limit'> = { storeId, ...dateBounds(filters.range) };
    if (q) base.search = q;
    if (filters.status) base.status = filters.status;
    if (filters.scheme) base.scheme = filters.scheme;
    if (filters.warehouseId) base.warehouseId = filters.warehouseId;
    if (sort) base.sort = { field: sort.field as SortField, dir: sort.dir };
    return base;
  }, [storeId, q, filters, sort]);
  const rows = useQueryRows(query, (input) => call('orders:query', input), version);

  // "+N more products" counts product lines; the quantity is shown apart, as units
  const itemsSummary = (r: OrderRow) => {
    const units = t('orders.units', { count: r.itemsCount, formatted: formatNumber(r.itemsCount, locale) });
    if (r.linesCount <= 1) return units;
    return `${t('orders.moreProducts', { count: r.linesCount - 1, formatted: formatNumber(r.linesCount - 1, locale) })} · ${units}`;
  };

  // minimums sum to about 986 px: at a 1280 px window (about 995 px for the table) nothing scrolls sideways, in
  // Russian too ("29.11.2026, 01:08" needs about 142 px); the items take most of what is left
  const columns: VColumn<OrderRow>[] = [
    {
      key: 'posting',
      title: t('orders.posting'),
      // the number a seller reads off a parcel or types into Ozon: whole at 1280 px for Ozon's longest usual form
      // ("0123456789-0001-1"); the items column gives up the room
      width: 'minmax(184px, 1fr)',
      render: (r) => (
        <div style={{ lineHeight: 1.35, minWidth: 0 }}>
          <div style={{ ...ELLIPSIS_STRONG, userSelect: 'text' }} title={r.postingNumber}>
            {r.postingNumber}
          </div>
          <div style={ELLIPSIS_SECONDARY}>{r.scheme.toUpperCase()}</div>
        </div>
      ),
    },
    {
      key: 'status',
      title: t('orders.status'),
      width: '152px',
      sortField: 'status',
      render: (r) => (
        <Tag
          color={ORDER_STATUS_COLOR[r.status] ?? 'default'}
          data-status={r.status}
          title={t(`orderStatus.${r.status}`, { defaultValue: r.status })}
          style={TWO_LINE_TAG}
        >
          {t(`orderStatus.${r.status}`, { defaultValue: r.status })}
        </Tag>
      ),
    },
    {
      key: 'items',
      title: t('orders.items'),
      width: 'minmax(142px, 3fr)',
      render: (r) => (
        <div style={{ lineHeight: 1.35, minWidth: 0 }} title={r.firstItemName}>
          <div style={ELLIPSIS}>{r.firstItemName}</div>
          <div style={ELLIPSIS_SECONDARY} data-testid={`order-items-${r.postingNumber}`} data-lines={r.linesCount} data-units={r.itemsCount}>
            {itemsSummary(r)}
          </div>
        </div>
      ),
    },
    { key: 'total', title: t('orders.total'), width: '120px', align: 'right', sortField: 'total', render: (r) => formatMoney(r.total, r.currency, locale) },
    { key: 'warehouse', title: t('products.warehouse'), width: 'minmax(100px, 1fr)', render: (r) => <div style={TWO_LINES} title={r.warehouseName ?? undefined}>{r.warehouseName ?? '—'}</div> },
    { key: 'inProcessAt', title: t('orders.inProcessAt'), width: '144px', sortField: 'inProcessAt', render: (r) => <DateTimeCell iso={r.inProcessAt} locale={locale} /> },
    {
      key: 'shipmentDate',
      title: t('orders.shipBy'),
      width: '144px',
      sortField: 'shipmentDate',
      render: (r) => {
        const at = parseTime(r.shipmentDate);
        const late = at !== null && at < now && AWAITING.has(r.status);
        return <DateTimeCell iso={r.shipmentDate} locale={locale} late={late} {...(late ? { style: { ...DANGER, fontWeight: 600 }, title: t('orders.late') } : {})} />;
      },
    },
  ];

  return (
    <>
      <ListPage<OrderRow>
        testPrefix="orders"
        title={t('nav.orders')}
        totalText={(n) => t('orders.totalCount', { count: n, formatted: formatNumber(n, locale) })}
        offlineText={t('orders.offline')}
        filtered={filtered}
        onReset={reset}
        search={{ value: search, onChange: setSearch, placeholder: t('orders.searchPlaceholder'), width: 280 }}
        filters={
          <>
            <FilterSelect
              placeholder={t('orders.status')}
              value={filters.status}
              onChange={(v) => set('status', v)}
              testId="orders-filter-status"
              minWidth={190}
              widePopup
              options={POSTING_STATUSES.map((s) => ({ value: s, label: t(`orderStatus.${s}`) }))}
            />
            <FilterSelect
              placeholder={t('orders.scheme')}
              value={filters.scheme}
              onChange={(v) => set('scheme', v)}
              testId="orders-filter-scheme"
              minWidth={120}
              options={[
                { value: 'fbs', label: 'FBS' },
                { value: 'fbo', label: 'FBO' },
              ]}
            />
            <FilterSelect
              searchable
              placeholder={t('products.warehouse')}
              value={filters.warehouseId}
              onChange={(v) => set('warehouseId', v)}
              testId="orders-filter-warehouse"
              minWidth={170}
              options={(facets.data?.warehouses ?? []).map((w) => ({ value: w.id, label: w.name }))}
            />
            <DateRangeFilter value={filters.range} onChange={(v) => set('range', v)} testId="orders-filter-dates" />
          </>
        }
        rows={rows}
        columns={columns}
        rowKey={(r) => r.postingNumber}
        rowTestId={(r) => `order-row-${r.postingNumber}`}
        sort={sort}
        onSort={setSort}
        emptyText={t('orders.noOrders')}
        noMatchText={t('orders.noMatch')}
        onRowClick={(r) => setOpen(r.postingNumber)}
      />
      <OrderDrawer storeId={storeId} postingNumber={open} onClose={() => setOpen(null)} />
    </>
  );
}
