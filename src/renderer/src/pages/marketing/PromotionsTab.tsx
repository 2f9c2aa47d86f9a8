import { SearchOutlined } from '@ant-design/icons';
import { Input, Select, Tag } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import type { IpcInput } from '../../../../shared/ipc/contract';
import type { PromotionRow } from '../../../../shared/ipc/marketing';
import { call } from '../../api';
import { ListPage } from '../../components/ListPage';
import { ELLIPSIS_SECONDARY, ELLIPSIS_STRONG, useDebounced } from '../../components/listKit';
import type { VColumn, VSort } from '../../components/VirtualList';
import { useLocale } from '../../hooks/useLocale';
import { useWindowedRows } from '../../hooks/useWindowedRows';
import { formatDate } from '../../lib/format';
import { formatNumber } from '../../lib/money';
import { useWorkstation } from '../../store/workstation';
import { PromotionDrawer } from './PromotionDrawer';

type Query = IpcInput<'marketing:promotions'>;
type SortField = NonNullable<Query['sort']>['field'];

export function PromotionsTab({ storeId }: { storeId: string }) {
  const { t, locale } = useLocale();
  const version = useWorkstation((s) => s.dataVersion);
  const [search, setSearch] = useState('');
  const [participating, setParticipating] = useState<'yes' | 'no' | undefined>();
  const [sort, setSort] = useState<VSort | null>({ field: 'dateStart', dir: 'desc' });
  const [open, setOpen] = useState<PromotionRow | null>(null);
  const q = useDebounced(search.trim(), 250);
  const query = useMemo(() => {
    const base: Omit<Query, 'offset' | 'limit'> = { storeId };
    if (q) base.search = q;
    if (participating) base.participating = participating === 'yes';
    if (sort) base.sort = { field: sort.field as SortField, dir: sort.dir };
    return base;
  }, [storeId, q, participating, sort]);
  const fetchPage = useCallback((offset: number, limit: number) => call('marketing:promotions', { ...query, offset, limit }), [query]);
  const rows = useWindowedRows<PromotionRow>(fetchPage, JSON.stringify(query), version);
  const filtered = !!q || !!participating;
  const date = (s: string | null) => (s ? formatDate(s, locale) : '—');

  const columns: VColumn<PromotionRow>[] = [
    {
      key: 'title',
      title: t('marketingPage.promotion'),
      width: 'minmax(240px, 3fr)',
      sortField: 'title',
      render: (r) => (
        <div style={{ lineHeight: 1.35, minWidth: 0 }} title={r.title}>
          <div style={ELLIPSIS_STRONG}>{r.title}</div>
          <div style={ELLIPSIS_SECONDARY}>{t(`marketingPage.actionTypes.${r.actionType}`, { defaultValue: r.actionType })}</div>
        </div>
      ),
    },
    { key: 'dateStart', title: t('marketingPage.starts'), width: '120px', sortField: 'dateStart', render: (r) => date(r.dateStart) },
    { key: 'dateEnd', title: t('marketingPage.ends'), width: '120px', sortField: 'dateEnd', render: (r) => date(r.dateEnd) },
    {
      key: 'state',
      title: t('marketingPage.participation'),
      width: '150px',
      render: (r) =>
        r.isParticipating ? (
          <Tag color="green" data-participating="true" style={{ marginInlineEnd: 0 }}>
            {t('marketingPage.participating')}
          </Tag>
        ) : (
          <Tag data-participating="false" style={{ marginInlineEnd: 0 }}>
            {t('marketingPage.notParticipating')}
          </Tag>
        ),
    },
    { key: 'inAction', title: t('marketingPage.inAction'), width: '110px', align: 'right', render: (r) => formatNumber(r.participatingCount, locale) },
    { key: 'candidates', title: t('marketingPage.candidates'), width: '110px', align: 'right', render: (r) => formatNumber(r.candidateCount, locale) },
  ];

  return (
    <>
      <ListPage<PromotionRow>
        testPrefix="promotions"
        totalText={(n) => t('marketingPage.promotionsTotal', { formatted: formatNumber(n, locale) })}
        filtered={filtered}
        onReset={() => {
          setSearch('');
          setParticipating(undefined);
        }}
        filters={
          <>
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('marketingPage.searchPromotions')}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              data-testid="promotions-search"
              style={{ width: 260 }}
            />
            <Select
              allowClear
              placeholder={t('marketingPage.participation')}
              value={participating}
              onChange={(v?: 'yes' | 'no') => setParticipating(v)}
              data-testid="promotions-filter-participating"
              style={{ minWidth: 170 }}
              options={[
                { value: 'yes', label: t('marketingPage.participating') },
                { value: 'no', label: t('marketingPage.notParticipating') },
              ]}
            />
          </>
        }
        rows={rows}
        columns={columns}
        rowKey={(r) => r.actionId}
        rowTestId={(r) => `promotion-row-${r.actionId}`}
        onRowClick={setOpen}
        sort={sort}
        onSort={setSort}
        emptyText={t('marketingPage.noPromotions')}
        noMatchText={t('marketingPage.noMatch')}
      />
      <PromotionDrawer storeId={storeId} promotion={open} onClose={() => setOpen(null)} />
    </>
  );
}
