import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Empty, Flex, Input, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { CSSProperties, ReactNode } from 'react';
import type { WindowedRows } from '../hooks/useWindowedRows';
import { useLocale } from '../hooks/useLocale';
import { useWorkstation } from '../store/workstation';
import { VirtualList, type VColumn, type VSort } from './VirtualList';

export interface ListPageProps<R> {
  /** prefix of every test id: `<p>-table`, `<p>-total`, `<p>-offline`, `<p>-error`, `<p>-retry`, `<p>-empty`, `<p>-search`, `<p>-reset-filters` */
  testPrefix: string;
  /** the page title; omit inside tabs */
  title?: ReactNode;
  /** "1,234 returns" — shown beside the title (or above the filters without one) */
  totalText?(total: number): string;
  /** text of the offline tag; omitted = the generic one */
  offlineText?: string;
  /** between the header and the filters (import progress, summaries) */
  banner?: ReactNode;
  /** the search box, first in the filters bar */
  search?: { value: string; onChange(value: string): void; placeholder: string; width: number };
  /** the filter controls after the search box */
  filters?: ReactNode;
  /** filters or search are active: shows the reset link and the "no match" empty text */
  filtered: boolean;
  onReset?(): void;
  resetText?: string;
  rows: WindowedRows<R>;
  columns: VColumn<R>[];
  rowKey(row: R): string;
  rowTestId?(row: R): string;
  onRowClick?(row: R): void;
  rowStyle?(row: R): CSSProperties | undefined;
  rowHeight?: number;
  sort: VSort | null;
  onSort?(sort: VSort | null): void;
  emptyText: string;
  noMatchText: string;
  /** extra errors of the page (facets) shown above the list */
  extraError?: ReactNode;
}

/**
 * A list page over one windowed cache query: header (title, offline tag,
 * total), filters bar with "reset", the error alert with retry, and the
 * virtual grid with its empty state. Pages supply columns and filter
 * controls; the data flow stays in useWindowedRows.
 */
export function ListPage<R>(p: ListPageProps<R>) {
  const { t } = useLocale();
  const online = useWorkstation((s) => s.sync?.online ?? true);
  const { rows, testPrefix: id } = p;
  const total = (
    <Typography.Text type="secondary" data-testid={`${id}-total`} data-total={rows.total ?? ''}>
      {rows.total !== null && p.totalText ? p.totalText(rows.total) : ''}
    </Typography.Text>
  );
  return (
    <>
      <Flex justify="space-between" align="baseline" gap={16} style={{ marginBottom: 12 }}>
        {p.title !== undefined ? (
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
            {p.title}
          </Typography.Title>
        ) : (
          <span />
        )}
        <Flex gap={8} align="center">
          {!online ? (
            <Tag color="orange" data-testid={`${id}-offline`}>
              {p.offlineText ?? t('orders.offline')}
            </Tag>
          ) : null}
          {total}
        </Flex>
      </Flex>
      {p.banner ?? null}
      {p.search || p.filters ? (
        <Flex gap={8} wrap style={{ marginBottom: 12 }} align="center">
          {p.search ? (
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder={p.search.placeholder}
              value={p.search.value}
              onChange={(e) => p.search?.onChange(e.target.value)}
              data-testid={`${id}-search`}
              style={{ width: p.search.width }}
            />
          ) : null}
          {p.filters}
          {p.filtered && p.onReset ? (
            <Button type="link" data-testid={`${id}-reset-filters`} onClick={p.onReset}>
              {p.resetText ?? t('products.resetFilters')}
            </Button>
          ) : null}
        </Flex>
      ) : null}
      {p.extraError ?? null}
      {rows.error ? (
        <Alert
          type="error"
          showIcon
          data-testid={`${id}-error`}
          data-error-code={rows.error.code}
          style={{ marginBottom: 12 }}
          title={t(`errors.${rows.error.code}`)}
          action={
            <Button size="small" icon={<ReloadOutlined />} onClick={rows.retry} data-testid={`${id}-retry`}>
              {t('common.retry')}
            </Button>
          }
        />
      ) : null}
      <VirtualList<R>
        testId={`${id}-table`}
        columns={p.columns}
        rowCount={rows.total ?? (rows.loading ? 12 : 0)}
        rowHeight={p.rowHeight ?? 52}
        getRow={rows.row}
        rowKey={p.rowKey}
        rowTestId={p.rowTestId}
        onRowClick={p.onRowClick}
        rowStyle={p.rowStyle}
        onRange={rows.onRange}
        sort={p.sort}
        onSort={p.onSort}
        revision={rows.revision}
        empty={rows.error ? null : <Empty data-testid={`${id}-empty`} description={p.filtered ? p.noMatchText : p.emptyText} />}
      />
    </>
  );
}

type DateRange = [Dayjs | null, Dayjs | null] | null;

/** A from–to date filter; either end may stay open. */
export function DateRangeFilter({ value, onChange, testId }: { value: DateRange | undefined; onChange(v: DateRange): void; testId: string }) {
  const { t } = useLocale();
  return (
    <DatePicker.RangePicker
      value={value ?? null}
      onChange={(v) => onChange(v)}
      allowEmpty={[true, true]}
      data-testid={testId}
      placeholder={[t('orders.dateFrom'), t('orders.dateTo')]}
    />
  );
}
