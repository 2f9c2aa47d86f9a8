import { Skeleton, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { IpcInput } from '../../../../shared/ipc/contract';
import type { QuestionRow } from '../../../../shared/ipc/service';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilterSelect } from '../../components/FilterSelect';
import { ListPage } from '../../components/ListPage';
import { ELLIPSIS, ELLIPSIS_SECONDARY, useListState, useQueryRows } from '../../components/listKit';
import { ThreadView } from '../../components/ThreadView';
import { ReplyBox, useReplies } from './ReplyBox';
import type { VColumn } from '../../components/VirtualList';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { DateTimeCell } from '../../components/DateTimeCell';
import { formatNumber } from '../../lib/money';
import { useWorkstation } from '../../store/workstation';
import { ServiceDrawer, ServiceFacts, StatusTag } from './ServiceDetail';

type Query = IpcInput<'service:questions'>;
type SortField = NonNullable<Query['sort']>['field'];

interface Props {
  storeIds: string[];
  statuses: string[];
  storeName: ((id: string) => string) | null;
}

export function QuestionsTab({ storeIds, statuses, storeName }: Props) {
  const { t, locale } = useLocale();
  const version = useWorkstation((s) => s.dataVersion);
  const { search, setSearch, q, filters, set, reset, filtered, sort, setSort } = useListState<{ status?: string }>({}, { field: 'publishedAt', dir: 'desc' });
  const [open, setOpen] = useState<QuestionRow | null>(null);
  const query = useMemo(() => {
    const base: Omit<Query, 'offset' | 'limit'> = { storeIds };
    if (q) base.search = q;
    if (filters.status) base.status = filters.status;
    if (sort) base.sort = { field: sort.field as SortField, dir: sort.dir };
    return base;
  }, [storeIds, q, filters, sort]);
  const rows = useQueryRows(query, (input) => call('service:questions', input), version);

  const columns: VColumn<QuestionRow>[] = [
    {
      key: 'text',
      title: t('servicePage.question'),
      width: 'minmax(260px, 3fr)',
      render: (r) => (
        <div style={{ lineHeight: 1.35, minWidth: 0 }} title={r.text}>
          <div style={ELLIPSIS}>{r.text}</div>
          <div style={ELLIPSIS_SECONDARY}>
            {storeName ? `${storeName(r.storeId)} · ` : ''}
            {r.productName ?? `SKU ${r.sku}`}
          </div>
        </div>
      ),
    },
    { key: 'author', title: t('servicePage.author.title'), width: 'minmax(110px, 1fr)', render: (r) => <span style={ELLIPSIS}>{r.authorName || '—'}</span> },
    {
      key: 'status',
      title: t('servicePage.status'),
      width: '130px',
      render: (r) => <StatusTag status={r.status} cell />,
    },
    { key: 'answers', title: t('servicePage.answers'), width: '100px', align: 'right', sortField: 'answersCount', render: (r) => formatNumber(r.answersCount, locale) },
    { key: 'publishedAt', title: t('servicePage.publishedAt'), width: '140px', sortField: 'publishedAt', render: (r) => <DateTimeCell iso={r.publishedAt} locale={locale} /> },
  ];

  return (
    <>
      <ListPage<QuestionRow>
        testPrefix="questions"
        totalText={(n) => t('servicePage.questionsTotal', { count: n, formatted: formatNumber(n, locale) })}
        filtered={filtered}
        onReset={reset}
        search={{ value: search, onChange: setSearch, placeholder: t('servicePage.searchQuestions'), width: 260 }}
        filters={
          <>
            <FilterSelect
              placeholder={t('servicePage.status')}
              value={filters.status}
              onChange={(v) => set('status', v)}
              testId="questions-filter-status"
              minWidth={150}
              options={statuses.map((s) => ({ value: s, label: t(`servicePage.statuses.${s}`, { defaultValue: s }) }))}
            />
          </>
        }
        rows={rows}
        columns={columns}
        rowKey={(r) => `${r.storeId}:${r.questionId}`}
        rowTestId={(r) => `question-row-${r.questionId}`}
        onRowClick={setOpen}
        sort={sort}
        onSort={setSort}
        emptyText={t('servicePage.noQuestions')}
        noMatchText={t('servicePage.noMatch')}
      />
      <ServiceDrawer item={open} itemKey={(o) => `${o.storeId}:${o.questionId}`} title={t('servicePage.questionTitle')} onClose={() => setOpen(null)}>
        {(o) => <QuestionDetail storeId={o.storeId} questionId={o.questionId} />}
      </ServiceDrawer>
    </>
  );
}

/** The question and its answers, with the answer box (value sku = the question's sku). */
function QuestionDetail({ storeId, questionId }: { storeId: string; questionId: string }) {
  const { t, locale } = useLocale();
  const d = useLoad(() => call('service:question', { storeId, questionId }));
  const replies = useReplies(storeId, 'question_answer', questionId);
  if (d.error) return <ErrorAlert error={d.error} />;
  if (!d.data) return <Skeleton active />;
  const { question: r, answers } = d.data;
  return (
    <div data-testid="question-drawer" data-question-id={r.questionId}>
      <Typography.Paragraph strong style={{ whiteSpace: 'pre-wrap', userSelect: 'text' }} data-testid="question-text">
        {r.text}
      </Typography.Paragraph>
      <ServiceFacts row={r} before={[{ key: 'author', label: t('servicePage.author.title'), children: r.authorName || '—' }]} />
      <Typography.Title level={5}>{t('servicePage.answers')}</Typography.Title>
      <ThreadView
        testId="question-answers"
        itemTestId={(m) => `question-answer-${m.id}`}
        locale={locale}
        emptyText={t('servicePage.noAnswers')}
        items={replies.withThread(t, answers.map((a) => ({ id: a.id, text: a.text, mine: a.mine, at: a.at, author: a.author || t('servicePage.author.seller') })))}
        footer={<ReplyBox storeId={storeId} kind="question_answer" targetKey={r.questionId} extra={{ sku: r.sku }} replies={replies} testPrefix="question" />}
      />
    </div>
  );
}
