import { CameraOutlined, MessageOutlined, SearchOutlined, StarFilled } from '@ant-design/icons';
import { Descriptions, Drawer, Input, Rate, Select, Skeleton, Tag, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import type { IpcInput } from '../../../../shared/ipc/contract';
import type { ReviewRow } from '../../../../shared/ipc/service';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ListPage } from '../../components/ListPage';
import { ELLIPSIS, ELLIPSIS_SECONDARY, SECONDARY, useDebounced } from '../../components/listKit';
import { ThreadView, type ThreadItem } from '../../components/ThreadView';
import { ReplyBox, useReplies } from './ReplyBox';
import type { VColumn, VSort } from '../../components/VirtualList';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { useWindowedRows } from '../../hooks/useWindowedRows';
import { formatDateTimeShort } from '../../lib/format';
import { formatNumber } from '../../lib/money';
import { useWorkstation } from '../../store/workstation';

type Query = IpcInput<'service:reviews'>;
type SortField = NonNullable<Query['sort']>['field'];
const RATING_COLOR = ['', '#ff4d4f', '#fa8c16', '#fadb14', '#a0d911', '#52c41a'];

interface Props {
  storeIds: string[];
  statuses: string[];
  /** set when several stores are shown: rows name their store */
  storeName: ((id: string) => string) | null;
}

export const statusColor = (s: string) => (s === 'NEW' || s === 'UNPROCESSED' ? 'orange' : s === 'PROCESSED' ? 'green' : 'default');

export function ReviewsTab({ storeIds, statuses, storeName }: Props) {
  const { t, locale } = useLocale();
  const version = useWorkstation((s) => s.dataVersion);
  const [search, setSearch] = useState('');
  const [ratings, setRatings] = useState<number[]>([]);
  const [status, setStatus] = useState<string | undefined>();
  const [sort, setSort] = useState<VSort | null>({ field: 'publishedAt', dir: 'desc' });
  const [open, setOpen] = useState<ReviewRow | null>(null);
  const q = useDebounced(search.trim(), 250);
  const query = useMemo(() => {
    const base: Omit<Query, 'offset' | 'limit'> = { storeIds };
    if (q) base.search = q;
    if (ratings.length) base.ratings = ratings;
    if (status) base.status = status;
    if (sort) base.sort = { field: sort.field as SortField, dir: sort.dir };
    return base;
  }, [storeIds, q, ratings, status, sort]);
  const fetchPage = useCallback((offset: number, limit: number) => call('service:reviews', { ...query, offset, limit }), [query]);
  const rows = useWindowedRows<ReviewRow>(fetchPage, JSON.stringify(query), version);
  const filtered = !!q || ratings.length > 0 || !!status;

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
      render: (r) => (
        <Tag color={statusColor(r.status)} data-status={r.status} style={{ marginInlineEnd: 0 }}>
          {t(`servicePage.statuses.${r.status}`, { defaultValue: r.status })}
        </Tag>
      ),
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
    { key: 'publishedAt', title: t('servicePage.publishedAt'), width: '140px', sortField: 'publishedAt', render: (r) => (r.publishedAt ? formatDateTimeShort(r.publishedAt, locale) : '—') },
  ];

  return (
    <>
      <ListPage<ReviewRow>
        testPrefix="reviews"
        totalText={(n) => t('servicePage.reviewsTotal', { formatted: formatNumber(n, locale) })}
        filtered={filtered}
        onReset={() => {
          setSearch('');
          setRatings([]);
          setStatus(undefined);
        }}
        filters={
          <>
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('servicePage.searchReviews')}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              data-testid="reviews-search"
              style={{ width: 260 }}
            />
            <Select
              mode="multiple"
              allowClear
              placeholder={t('servicePage.rating')}
              value={ratings}
              onChange={(v: number[]) => setRatings(v)}
              data-testid="reviews-filter-rating"
              style={{ minWidth: 160 }}
              options={[5, 4, 3, 2, 1].map((n) => ({ value: n, label: `${'★'.repeat(n)} ${n}` }))}
            />
            <Select
              allowClear
              placeholder={t('servicePage.status')}
              value={status}
              onChange={(v?: string) => setStatus(v)}
              data-testid="reviews-filter-status"
              style={{ minWidth: 150 }}
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
      <Drawer open={open !== null} onClose={() => setOpen(null)} size={560} title={t('servicePage.reviewTitle')} destroyOnHidden closable={{ 'aria-label': t('common.close') }}>
        {open ? <ReviewDetail key={`${open.storeId}:${open.reviewId}`} storeId={open.storeId} reviewId={open.reviewId} /> : null}
      </Drawer>
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
      <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('servicePage.product')}>{r.productName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="SKU">{r.sku}</Descriptions.Item>
        <Descriptions.Item label={t('servicePage.status')}>
          <Tag color={statusColor(r.status)}>{t(`servicePage.statuses.${r.status}`, { defaultValue: r.status })}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('servicePage.orderStatus')}>{t(`servicePage.orderStatuses.${r.orderStatus}`, { defaultValue: r.orderStatus })}</Descriptions.Item>
        <Descriptions.Item label={t('servicePage.publishedAt')}>{r.publishedAt ? formatDateTimeShort(r.publishedAt, locale) : '—'}</Descriptions.Item>
      </Descriptions>
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
        footer={<ReplyBox storeId={storeId} kind="review_reply" targetKey={r.reviewId} replies={replies} testPrefix="review" />}
      />
    </div>
  );
}
