import { Badge, Flex, Select, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { Account } from '../../../../shared/http/auth';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { StorePage } from '../../components/StorePage';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { EmptyPage } from '../../shell/EmptyPage';
import { useWorkstation } from '../../store/workstation';
import { ChatsTab } from './ChatsTab';
import { QuestionsTab } from './QuestionsTab';
import { ReviewsTab } from './ReviewsTab';

type TabKey = 'reviews' | 'questions' | 'chats';

export function ServicePage({ account }: { account: Account }) {
  return (
    <StorePage account={account} titleKey="nav.service" noStore={<EmptyPage page="service" />}>
      {(storeId) => <Inbox storeId={storeId} />}
    </StorePage>
  );
}

/** One inbox over the chosen stores (the current one unless the person adds others). */
function Inbox({ storeId }: { storeId: string }) {
  const { t } = useLocale();
  const stores = useWorkstation((s) => s.stores);
  const version = useWorkstation((s) => s.dataVersion);
  const [picked, setPicked] = useState<string[]>([storeId]);
  const [tab, setTab] = useState<TabKey>('reviews');
  // an unlinked store drops out of the selection; an empty selection falls back to the current store
  const storeIds = useMemo(() => {
    const known = picked.filter((id) => stores.some((s) => s.id === id));
    return known.length ? known : [storeId];
  }, [picked, stores, storeId]);
  const key = storeIds.join(',');
  const summary = useLoad(() => call('service:summary', { storeIds }), [version, key]);
  const storeName = (id: string) => stores.find((s) => s.id === id)?.name ?? id;
  const multi = storeIds.length > 1;
  const s = summary.data;
  const label = (k: TabKey, n: number | undefined) => (
    <span data-testid={`service-tab-${k}`}>
      {t(`servicePage.tabs.${k}`)}{' '}
      {n ? <Badge count={n} overflowCount={999} size="small" data-testid={`service-badge-${k}`} data-count={n} /> : null}
    </span>
  );

  return (
    <>
      <Flex justify="space-between" align="baseline" gap={16}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
          {t('nav.service')}
        </Typography.Title>
        {stores.length > 1 ? (
          <Select
            mode="multiple"
            value={storeIds}
            onChange={(v: string[]) => setPicked(v)}
            data-testid="service-stores"
            style={{ minWidth: 260 }}
            maxTagCount="responsive"
            placeholder={t('servicePage.stores')}
            options={stores.map((x) => ({ value: x.id, label: x.name }))}
          />
        ) : null}
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as TabKey)}
        items={[
          { key: 'reviews', label: label('reviews', s?.reviewsNew) },
          { key: 'questions', label: label('questions', s?.questionsNew) },
          { key: 'chats', label: label('chats', s?.chatsUnread) },
        ]}
      />
      {summary.error ? <ErrorAlert error={summary.error} /> : null}
      <Flex vertical style={{ flex: 1, minHeight: 0 }} key={`${tab}:${key}`}>
        {tab === 'reviews' ? <ReviewsTab storeIds={storeIds} statuses={s?.reviewStatuses ?? []} storeName={multi ? storeName : null} /> : null}
        {tab === 'questions' ? <QuestionsTab storeIds={storeIds} statuses={s?.questionStatuses ?? []} storeName={multi ? storeName : null} /> : null}
        {tab === 'chats' ? <ChatsTab storeIds={storeIds} statuses={s?.chatStatuses ?? []} storeName={multi ? storeName : null} /> : null}
      </Flex>
    </>
  );
}
