import { CameraOutlined, MessageOutlined, StarFilled } from '@ant-design/icons';
import { Rate, Select, Skeleton, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { IpcInput } from '../../../../shared/ipc/contract';
import type { ReviewRow } from '../../../../shared/ipc/service';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilterSelect } from '../../components/FilterSelect';
import { ListPage } from '../../components/ListPage';
import { ELLIPSIS, ELLIPSIS_SECONDARY, SECONDARY, useListState, useQueryRows } from '../../components/listKit';
import { ThreadView, type ThreadItem } from '../../components/ThreadView';
import { ReplyBox, useReplies } from './ReplyBox';
import { ServiceDrawer, ServiceFacts, StatusTag } from './ServiceDetail';
import type { VColumn } from '../../components/VirtualList';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { DateTimeCell } from '../../components/DateTimeCell';
import { formatNumber } from '../../lib/money';
import { useWorkstation } from '../../store/workstation';

/** A reply answers the review: Ozon marks it processed with the comment, so it leaves the to-answer count. */
const REPLY_PROCESSES = { markAsProcessed: true };

type Query = IpcInput<'service:reviews'>;
type SortField = NonNullable<Query['sort']>['field'];
const RATING_COLOR = ['', '#ff4d4f', '#fa8c16', '#fadb14', '#a0d911', '#52c41a'];

interface Props {
  storeIds: string[];
  statuses: string[];
  /** set when several stores are shown: rows name their store */
  storeName: ((id: string) => string) | null;
}

export function ReviewsTab({ storeIds, statuses, storeName }: Props) {
  const { t, locale } = useLocale();
  const version = useWorkstation((s) => s.dataVersion);
  const { search, setSearch, q, filters, set, reset, filtered, sort, setSort } = useListState<{ ratings: number[]; status?: string }>({ ratings: [] }, { field: 'publishedAt', dir: 'desc' });
  const [open, setOpen] = useState<ReviewRow | null>(null);
  const query = useMemo(() => {
    const base: Omit<Query, 'offset' | 'limit'> = { storeIds };
    if (q) base.search = q;
    if (filters.ratings.length) base.ratings = filters.ratings;
    if (filters.status) base.status = filters.status;
    if (sort) base.sort = { field: sort.field as SortField, dir: sort.dir };
    return base;
  }, [storeIds, q, filters, sort]);
  const rows = useQueryRows(query, (input) => call('service:reviews', input), version);

  const columns: VColumn<ReviewRow>[] = [
    {
      key: 'rating',
      title: t('servicePage.rating'),
      width: '96px',
      sortField: 'rating',
      render: (r) => (
        <span data-rating={r.rating} style={{ color: RATING_COLOR[r.rating] ?? undefined, fontWeight: 600 }}>
          <StarFilled /> {r.rating}
        </span>
      ),
    },
    {
      key: 'text',
      title: t('servicePage.review'),
      width: 'minmax(260px, 3fr)',
      render: (r) => (
        <div style={{ lineHeight: 1.35, minWidth: 0 }} title={r.text}>
          <div style={ELLIPSIS}>{r.text || t('servicePage.noText')}</div>
          <div style={ELLIPSIS_SECONDARY}>
            {storeName ? `${storeName(r.storeId)} · ` : ''}
            {r.productName ?? `SKU ${r.sku}`}
          </div>
        </div>
      ),
    },
    {
      key: 'status',
      title: t('servicePage.status'),
      width: '130px',
      render: (r) => <StatusTag status={r.status} cell />,
    },
    {
      key: 'extras',
      title: '',
      width: '90px',
      render: (r) => (
        <span style={SECONDARY}>
          {r.commentsAmount ? (
            <span title={t('servicePage.comments')}>
              <MessageOutlined /> {r.commentsAmount}{' '}
            </span>
          ) : null}
          {r.photosAmount ? (
            <span title={t('servicePage.photos')}>
              <CameraOutlined /> {r.photosAmount}
            </span>
          ) : null}
        </span>
      ),
    },
    { key: 'publishedAt', title: t('servicePage.publishedAt'), width: '140px', sortField: 'publishedAt', render: (r) => <DateTimeCell iso={r.publishedAt} locale={locale} /> },
  ];

  return (
    <>
      <ListPage<ReviewRow>
        testPrefix="reviews"
        totalText={(n) => t('servicePage.reviewsTotal', { count: n, formatted: formatNumber(n, locale) })}
        filtered={filtered}
        onReset={reset}
        search={{ value: search, onChange: setSearch, placeholder: t('servicePage.searchReviews'), width: 260 }}
        filters={
          <>
            <Select
              mode="multiple"
              allowClear
              placeholder={t('servicePage.rating')}
              value={filters.ratings}
              onChange={(v: number[]) => set('ratings', v)}
              data-testid="reviews-filter-rating"
              style={{ minWidth: 160 }}
              options={[5, 4, 3, 2, 1].map((n) => ({ value: n, label: `${'★'.repeat(n)} ${n}` }))}
            />
            <FilterSelect
              placeholder={t('servicePage.status')}
              value={filters.status}
              onChange={(v) => set('status', v)}
              testId="reviews-filter-status"
              minWidth={150}
              options={statuses.map((s) => ({ value: s, label: t(`servicePage.statuses.${s}`, { defaultValue: s }) }))}
            />
          </>
        }
        rows={rows}
        columns={columns}
        rowKey={(r) => `${r.storeId}:${r.reviewId}`}
        rowTestId={(r) => `review-row-${r.reviewId}`}
        onRowClick={setOpen}
        sort={sort}
        onSort={setSort}
        emptyText={t('servicePage.noReviews')}
        noMatchText={t('servicePage.noMatch')}
      />
      <ServiceDrawer item={open} itemKey={(o) => `${o.storeId}:${o.reviewId}`} title={t('servicePage.reviewTitle')} onClose={() => setOpen(null)}>
        {(o) => <ReviewDetail storeId={o.storeId} reviewId={o.reviewId} />}
      </ServiceDrawer>
    </>
  );
}

/** The review and its comment thread, with the reply box (replies queue offline; shown as sending until applied). */
function ReviewDetail({ storeId, reviewId }: { storeId: string; reviewId: string }) {
  const { t, locale } = useLocale();
  const d = useLoad(() => call('service:review', { storeId, reviewId }));
  const replies = useReplies(storeId, 'review_reply', reviewId);
  if (d.error) return <ErrorAlert error={d.error} />;
  if (!d.data) return <Skeleton active />;
  const { review: r, comments } = d.data;
  return (
    <div data-testid="review-drawer" data-review-id={r.reviewId}>
      <Rate disabled value={r.rating} style={{ fontSize: 16 }} />
      <Typography.Paragraph style={{ marginTop: 8, whiteSpace: 'pre-wrap', userSelect: 'text' }} data-testid="review-text">
        {r.text || t('servicePage.noText')}
      </Typography.Paragraph>
      <ServiceFacts
        row={r}
        after={[{ key: 'orderStatus', label: t('servicePage.orderStatus'), children: t(`servicePage.orderStatuses.${r.orderStatus}`, { defaultValue: r.orderStatus }) }]}
      />
      <Typography.Title level={5}>{t('servicePage.comments')}</Typography.Title>
      <ThreadView
        testId="review-comments"
        itemTestId={(m) => `review-comment-${m.id}`}
        locale={locale}
        emptyText={t('servicePage.noComments')}
        items={replies.withThread(t, comments.map((c): ThreadItem => ({
          id: c.id,
          text: c.text,
          mine: c.mine,
          at: c.at,
          author: t(`servicePage.author.${c.author}`, { defaultValue: c.author }),
          tag: c.official ? <Tag color="blue">{t('servicePage.official')}</Tag> : undefined,
        })))}
        footer={<ReplyBox storeId={storeId} kind="review_reply" targetKey={r.reviewId} extra={REPLY_PROCESSES} replies={replies} testPrefix="review" />}
      />
    </div>
  );
}
