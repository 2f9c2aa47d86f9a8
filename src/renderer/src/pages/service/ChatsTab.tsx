import { Badge, Checkbox, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { IpcInput } from '../../../../shared/ipc/contract';
import type { ChatRow } from '../../../../shared/ipc/service';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilterSelect } from '../../components/FilterSelect';
import { ListPage } from '../../components/ListPage';
import { ELLIPSIS, ELLIPSIS_SECONDARY, useListState, useQueryRows } from '../../components/listKit';
import { ThreadView } from '../../components/ThreadView';
import { ReplyBox, useReplies } from './ReplyBox';
import { useChatRead } from './useChatRead';
import type { VColumn } from '../../components/VirtualList';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { formatDateTimeShort } from '../../lib/format';
import { formatNumber } from '../../lib/money';
import { useWorkstation } from '../../store/workstation';

type Query = IpcInput<'service:chats'>;

interface Props {
  storeIds: string[];
  statuses: string[];
  storeName: ((id: string) => string) | null;
}

/** Chat list (unread first) beside the open chat's message history. */
export function ChatsTab({ storeIds, statuses, storeName }: Props) {
  const { t, locale } = useLocale();
  const version = useWorkstation((s) => s.dataVersion);
  const { filters, set, reset, filtered } = useListState<{ unreadOnly: boolean; status?: string }>({ unreadOnly: false }, null);
  const [open, setOpen] = useState<{ storeId: string; chatId: string } | null>(null);
  const query = useMemo(() => {
    const base: Omit<Query, 'offset' | 'limit'> = { storeIds };
    if (filters.unreadOnly) base.unreadOnly = true;
    if (filters.status) base.status = filters.status;
    return base;
  }, [storeIds, filters]);
  const rows = useQueryRows(query, (input) => call('service:chats', input), version);

  const columns: VColumn<ChatRow>[] = [
    {
      key: 'chat',
      title: t('servicePage.chat'),
      width: 'minmax(220px, 1fr)',
      render: (r) => (
        <div style={{ lineHeight: 1.35, minWidth: 0 }}>
          <div style={{ ...ELLIPSIS, fontWeight: r.unreadCount > 0 ? 600 : 400 }}>{r.lastMessageText ?? t('servicePage.noMessages')}</div>
          <div style={ELLIPSIS_SECONDARY}>
            {storeName ? `${storeName(r.storeId)} · ` : ''}
            {t(`servicePage.chatTypes.${r.chatType}`, { defaultValue: r.chatType })} · {r.lastMessageAt ? formatDateTimeShort(r.lastMessageAt, locale) : '—'}
          </div>
        </div>
      ),
    },
    {
      key: 'unread',
      title: '',
      width: '64px',
      align: 'right',
      render: (r) => (r.unreadCount > 0 ? <Badge count={r.unreadCount} data-testid={`chat-unread-${r.chatId}`} data-count={r.unreadCount} /> : null),
    },
  ];

  return (
    <Flex gap={16} style={{ flex: 1, minHeight: 0 }}>
      <Flex vertical style={{ width: 420, minWidth: 320, minHeight: 0 }}>
        <ListPage<ChatRow>
          testPrefix="chats"
          totalText={(n) => t('servicePage.chatsTotal', { count: n, formatted: formatNumber(n, locale) })}
          filtered={filtered}
          onReset={reset}
          filters={
            <>
              <Checkbox checked={filters.unreadOnly} onChange={(e) => set('unreadOnly', e.target.checked)} data-testid="chats-filter-unread">
                {t('servicePage.unreadOnly')}
              </Checkbox>
              <FilterSelect
                placeholder={t('servicePage.status')}
                value={filters.status}
                onChange={(v) => set('status', v)}
                testId="chats-filter-status"
                minWidth={130}
                options={statuses.map((s) => ({ value: s, label: t(`servicePage.chatStatuses.${s}`, { defaultValue: s }) }))}
              />
            </>
          }
          rows={rows}
          columns={columns}
          rowHeight={60}
          rowKey={(r) => `${r.storeId}:${r.chatId}`}
          rowTestId={(r) => `chat-row-${r.chatId}`}
          onRowClick={(r) => setOpen({ storeId: r.storeId, chatId: r.chatId })}
          rowStyle={(r) => (open && open.chatId === r.chatId && open.storeId === r.storeId ? { background: '#e6f4ff' } : undefined)}
          sort={null}
          emptyText={t('servicePage.noChats')}
          noMatchText={t('servicePage.noMatch')}
        />
      </Flex>
      <div style={{ flex: 1, minWidth: 0, overflow: 'auto', border: '1px solid rgba(5,5,5,0.06)', borderRadius: 8, padding: 16 }}>
        {open ? <ChatHistory key={`${open.storeId}:${open.chatId}`} storeId={open.storeId} chatId={open.chatId} /> : <Empty description={t('servicePage.pickChat')} data-testid="chat-none" />}
      </div>
    </Flex>
  );
}

/** The newest messages of one chat, oldest first, with the message box (closed chats take no messages). */
function ChatHistory({ storeId, chatId }: { storeId: string; chatId: string }) {
  const { t, locale } = useLocale();
  const version = useWorkstation((s) => s.dataVersion);
  const d = useLoad(() => call('service:chat', { storeId, chatId }), [version]);
  const replies = useReplies(storeId, 'chat_message', chatId);
  useChatRead(storeId, d.data?.chat ?? null, d.data?.messages[d.data.messages.length - 1] ?? null);
  if (d.error) return <ErrorAlert error={d.error} />;
  if (!d.data) return <Skeleton active />;
  const { chat, messages, hasOlder } = d.data;
  return (
    <div data-testid="chat-history" data-chat-id={chat.chatId}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Text strong>{t(`servicePage.chatTypes.${chat.chatType}`, { defaultValue: chat.chatType })}</Typography.Text>
        <Tag>{t(`servicePage.chatStatuses.${chat.chatStatus}`, { defaultValue: chat.chatStatus })}</Tag>
      </Flex>
      {hasOlder ? (
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {t('servicePage.olderHidden')}
        </Typography.Paragraph>
      ) : null}
      <ThreadView
        testId="chat-messages"
        itemTestId={(m) => `chat-message-${m.id}`}
        locale={locale}
        emptyText={t('servicePage.noMessages')}
        items={replies.withThread(t, messages.map((m) => ({
          id: m.messageId,
          text: m.text,
          mine: m.mine,
          at: m.at,
          author: t(`servicePage.userTypes.${m.userType}`, { defaultValue: m.userType }),
        })))}
        footer={
          <ReplyBox
            storeId={storeId}
            kind="chat_message"
            targetKey={chat.chatId}
            replies={replies}
            disabledText={chat.chatStatus.toLowerCase() === 'closed' ? t('replyBox.closed') : undefined}
            testPrefix="chat"
          />
        }
      />
    </div>
  );
}
