import { Flex, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { HTMLAttributes } from 'react';
import { useLocale } from '../../hooks/useLocale';
import { formatDateTime, formatRelative, parseTime } from '../../lib/format';

interface EntryTableProps<E extends { id: string }> {
  testId: string;
  emptyTestId: string;
  emptyText: string;
  entries: E[];
  /** the first load (later reloads keep the rows on screen) */
  loading: boolean;
  /** data-* attributes of a row (tests find rows and read their state by them) */
  rowAttributes(e: E): Record<string, string>;
  columns: TableColumnsType<E>;
}

/** A queue of outgoing entries (edits or actions): paged past 50 rows, with the empty text as a test target. */
export function EntryTable<E extends { id: string }>(p: EntryTableProps<E>) {
  return (
    <Table<E>
      data-testid={p.testId}
      rowKey="id"
      size="middle"
      loading={p.loading}
      pagination={p.entries.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      dataSource={p.entries}
      locale={{ emptyText: <span data-testid={p.emptyTestId}>{p.emptyText}</span> }}
      onRow={(e) => p.rowAttributes(e) as HTMLAttributes<HTMLElement>}
      columns={p.columns}
    />
  );
}

/** Attempts so far and, while another is due, when it comes (exact time on hover). */
export function AttemptsCell({ attempts, nextAttemptAt, due, now }: { attempts: number; nextAttemptAt: string | null | undefined; due: boolean; now: number }) {
  const { t, locale } = useLocale();
  const next = parseTime(nextAttemptAt);
  return (
    <Flex vertical>
      <span>{attempts}</span>
      {next && due ? (
        <Tooltip title={formatDateTime(nextAttemptAt ?? '', locale)}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {next <= now ? t('queue.nextSoon') : t('queue.nextAt', { when: formatRelative(nextAttemptAt, locale, now) })}
          </Typography.Text>
        </Tooltip>
      ) : null}
    </Flex>
  );
}
