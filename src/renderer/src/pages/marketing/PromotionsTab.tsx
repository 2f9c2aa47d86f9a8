import { Tag } from 'antd';
import { useMemo, useState } from 'react';
import type { IpcInput } from '../../../../shared/ipc/contract';
import type { PromotionRow } from '../../../../shared/ipc/marketing';
import { call } from '../../api';
import { ListPage } from '../../components/ListPage';
import { FilterSelect } from '../../components/FilterSelect';
import { ELLIPSIS_SECONDARY, ELLIPSIS_STRONG, useListState, useQueryRows } from '../../components/listKit';
import type { VColumn } from '../../components/VirtualList';
import { useLocale } from '../../hooks/useLocale';
import { formatDate } from '../../lib/format';
import { formatNumber } from '../../lib/money';
import { useWorkstation } from '../../store/workstation';
import { PromotionDrawer } from './PromotionDrawer';

type Query = IpcInput<'marketing:promotions'>;
type SortField = NonNullable<Query['sort']>['field'];

export function PromotionsTab({ storeId }: { storeId: string }) {
  const { t, locale } = useLocale();
  const version = useWorkstation((s) => s.dataVersion);
  const { search, setSearch, q, filters, set, reset, filtered, sort, setSort } = useListState<{ participating?: 'yes' | 'no' }>({}, { field: 'dateStart', dir: 'desc' });
  const [open, setOpen] = useState<PromotionRow | null>(null);
  const query = useMemo(() => {
    const base: Omit<Query, 'offset' | 'limit'> = { storeId };
    if (q) base.search = q;
    if (filters.participating) base.participating = filters.participating === 'yes';
    if (sort) base.sort = { field: sort.field as SortField, dir: sort.dir };
    return base;
  }, [storeId, q, filters, sort]);
  const rows = useQueryRows(query, (input) => call('marketing:promotions', input), version);
  const date = (s: string | null) => (s ? formatDate(s, locale) : '—');

  // minimums sum to 940 px, within the about 995 px a 1280 px window leaves the table: a Russian medium date
  // ("28 нояб. 2026 г.") and header ("Можно добавить") need the widths below; the title takes what is left
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
    { key: 'dateStart', title: t('marketingPage.starts'), width: '150px', sortField: 'dateStart', render: (r) => date(r.dateStart) },
    { key: 'dateEnd', title: t('marketingPage.ends'), width: '150px', sortField: 'dateEnd', render: (r) => date(r.dateEnd) },
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
    { key: 'candidates', title: t('marketingPage.candidates'), width: '140px', align: 'right', render: (r) => formatNumber(r.candidateCount, locale) },
  ];

  return (
    <>
      <ListPage<PromotionRow>
        testPrefix="promotions"
        totalText={(n) => t('marketingPage.promotionsTotal', { count: n, formatted: formatNumber(n, locale) })}
        filtered={filtered}
        onReset={reset}
        search={{ value: search, onChange: setSearch, placeholder: t('marketingPage.searchPromotions'), width: 260 }}
        filters={
          <>
            <FilterSelect
              placeholder={t('marketingPage.participation')}
              value={filters.participating}
              onChange={(v) => set('participating', v)}
              testId="promotions-filter-participating"
              minWidth={170}
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
