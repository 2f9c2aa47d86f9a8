import { Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import type { Account } from '../../../../shared/http/auth';
import type { IpcInput } from '../../../../shared/ipc/contract';
import type { ReturnRow } from '../../../../shared/ipc/returns';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilterSelect } from '../../components/FilterSelect';
import { DateRangeFilter, ListPage } from '../../components/ListPage';
import { dateBounds, ELLIPSIS, ELLIPSIS_SECONDARY, ELLIPSIS_STRONG, TWO_LINE_TAG, TWO_LINES, useListState, useQueryRows } from '../../components/listKit';
import { StorePage } from '../../components/StorePage';
import type { VColumn } from '../../components/VirtualList';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { DateTimeCell } from '../../components/DateTimeCell';
import { formatMoney, formatNumber } from '../../lib/money';
import { EmptyPage } from '../../shell/EmptyPage';
import { useWorkstation } from '../../store/workstation';
import { ReturnDrawer } from './ReturnDrawer';
import { RETURN_STATUS_COLOR } from './returnStatus';

type Query = IpcInput<'returns:query'>;
type SortField = NonNullable<Query['sort']>['field'];

interface Filters {
  status?: string;
  scheme?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

export function ReturnsPage({ account }: { account: Account }) {
  return (
    <StorePage account={account} titleKey="nav.returns" noStore={<EmptyPage page="returns" />}>
      {(storeId) => <ReturnsList storeId={storeId} />}
    </StorePage>
  );
}

function ReturnsList({ storeId }: { storeId: string }) {
  const { t, locale } = useLocale();
  const version = useWorkstation((s) => s.dataVersion);
  const { search, setSearch, q, filters, set, reset, filtered, sort, setSort } = useListState<Filters>({}, { field: 'returnedAt', dir: 'desc' });
  const [open, setOpen] = useState<string | null>(null);
  const facets = useLoad(() => call('returns:facets', { storeId }), [version]);

  const query = useMemo(() => {
    const base: Omit<Query, 'offset' | 'limit'> = { storeId, ...dateBounds(filters.range) };
    if (q) base.search = q;
    if (filters.status) base.status = filters.status;
    if (filters.scheme) base.scheme = filters.scheme;
    if (sort) base.sort = { field: sort.field as SortField, dir: sort.dir };
    return base;
  }, [storeId, q, filters, sort]);
  const rows = useQueryRows(query, (input) => call('returns:query', input), version);
  const statusLabel = (s: string) => t(`returnsPage.status.${s}`, { defaultValue: s });

  // Minimums sum to 990 px: at 1280 px (1012 px of content, less the scroll bar) nothing
  // scrolls sideways and the product takes most of what is left. The posting number is whole at
  // 1280 px for Ozon's longest usual form ("0123456789-0001-1"), as on the Orders page.
  const columns: VColumn<ReturnRow>[] = [
    {
      key: 'posting',
      title: t('returnsPage.posting'),
      width: 'minmax(184px, 1fr)',
      sortField: 'postingNumber',
      render: (r) => (
        <div style={{ lineHeight: 1.35, minWidth: 0 }}>
          <div style={{ ...ELLIPSIS_STRONG, userSelect: 'text' }} title={r.postingNumber}>
            {r.postingNumber}
          </div>
          <div style={ELLIPSIS_SECONDARY}>
            {r.scheme.toUpperCase()} · {t(`returnsPage.type.${r.type}`, { defaultValue: r.type })}
          </div>
        </div>
      ),
    },
    {
      key: 'product',
      title: t('returnsPage.product'),
      width: 'minmax(190px, 3fr)',
      render: (r) => (
        <div style={{ lineHeight: 1.35, minWidth: 0 }} title={r.productName ?? undefined}>
          <div style={ELLIPSIS}>{r.productName ?? r.offerId ?? '—'}</div>
          <div style={ELLIPSIS_SECONDARY}>{[r.offerId, r.sku ? `SKU ${r.sku}` : null].filter(Boolean).join(' · ')}</div>
        </div>
      ),
    },
    {
      key: 'status',
      title: t('returnsPage.statusTitle'),
      width: '152px',
      sortField: 'status',
      render: (r) => (
        <Tag color={RETURN_STATUS_COLOR[r.status] ?? 'default'} data-status={r.status} title={statusLabel(r.status)} style={TWO_LINE_TAG}>
          {statusLabel(r.status)}
        </Tag>
      ),
    },
    { key: 'reason', title: t('returnsPage.reason'), width: 'minmax(112px, 1fr)', render: (r) => <div style={TWO_LINES} title={r.reason}>{r.reason || '—'}</div> },
    { key: 'quantity', title: t('returnsPage.quantity'), width: '84px', align: 'right', render: (r) => formatNumber(r.quantity, locale) },
    { key: 'price', title: t('returnsPage.price'), width: '124px', align: 'right', render: (r) => (r.price ? formatMoney(r.price, r.currency ?? 'RUB', locale) : '—') },
    { key: 'returnedAt', title: t('returnsPage.returnedAt'), width: '144px', sortField: 'returnedAt', render: (r) => <DateTimeCell iso={r.returnedAt} locale={locale} /> },
  ];

  return (
    <>
      <ListPage<ReturnRow>
        testPrefix="returns"
        title={t('nav.returns')}
        totalText={(n) => t('returnsPage.total', { count: n, formatted: formatNumber(n, locale) })}
        filtered={filtered}
        onReset={reset}
        search={{ value: search, onChange: setSearch, placeholder: t('returnsPage.searchPlaceholder'), width: 280 }}
        filters={
          <>
            <FilterSelect
              placeholder={t('returnsPage.statusTitle')}
              value={filters.status}
              onChange={(v) => set('status', v)}
              testId="returns-filter-status"
              minWidth={190}
              widePopup
              options={(facets.data?.statuses ?? []).map((s) => ({ value: s, label: statusLabel(s) }))}
            />
            {(facets.data?.schemes.length ?? 0) > 0 ? (
              <FilterSelect
                placeholder={t('returnsPage.scheme')}
                value={filters.scheme}
                onChange={(v) => set('scheme', v)}
                testId="returns-filter-scheme"
                minWidth={120}
                options={(facets.data?.schemes ?? []).map((s) => ({ value: s, label: s.toUpperCase() }))}
              />
            ) : null}
            <DateRangeFilter value={filters.range} onChange={(v) => set('range', v)} testId="returns-filter-dates" />
          </>
        }
        extraError={facets.error ? <ErrorAlert error={facets.error} /> : null}
        rows={rows}
        columns={columns}
        rowKey={(r) => r.returnId}
        rowTestId={(r) => `return-row-${r.returnId}`}
        onRowClick={(r) => setOpen(r.returnId)}
        sort={sort}
        onSort={setSort}
        emptyText={t('returnsPage.noReturns')}
        noMatchText={t('returnsPage.noMatch')}
      />
      <ReturnDrawer storeId={storeId} returnId={open} onClose={() => setOpen(null)} statusLabel={statusLabel} />
    </>
  );
}
