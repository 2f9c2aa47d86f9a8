import { SendOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Input, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { ActionEntry } from '../../../../shared/ipc/actions';
import { call } from '../../api';
import type { ThreadItem } from '../../components/ThreadView';
import type { Translate } from '../../errors';
import { useErrorToast } from '../../hooks/useErrorToast';
import { useLocale } from '../../hooks/useLocale';
import { formatNumber } from '../../lib/money';
import { ActionStatus, useActionTarget } from '../queue/ActionStatus';

export type ReplyKind = 'review_reply' | 'question_answer' | 'chat_message';

/** Ozon's limits on the text (shared/exports/actions.ts). */
const LIMITS: Record<ReplyKind, { min: number; max: number }> = {
  review_reply: { min: 1, max: 3000 },
  question_answer: { min: 2, max: 3000 },
  chat_message: { min: 1, max: 1000 },
};

const STATE_COLOR = { pending: 'gold', sending: 'blue', failed: 'red', sent: 'cyan' } as const;
type BubbleState = keyof typeof STATE_COLOR;

const textOf = (e: ActionEntry) => (typeof e.values.text === 'string' ? e.values.text : '');

/**
 * The replies of one thread that went through this computer's queue: queued
 * on this computer / sending / refused while queued, then "sent" once the
 * server accepted them — until the thread itself (imported from Ozon) holds
 * the same text. Lives as long as the detail pane is open.
 */
export function useReplies(storeId: string, kind: ReplyKind, key: string) {
  const target = useActionTarget(storeId, kind, key);
  const [mine, setMine] = useState<ActionEntry[]>([]);
  const seen = useRef(new Map<string, ActionEntry>());
  const live = new Map((target.data?.entries ?? []).map((e) => [e.id, e]));
  for (const e of [...live.values(), ...mine]) if (!seen.current.has(e.id) || live.has(e.id)) seen.current.set(e.id, live.get(e.id) ?? e);
  const loaded = target.data !== null;
  const items = (t: Translate, thread: ThreadItem[]): ThreadItem[] => {
    const inThread = new Set(thread.filter((i) => i.mine).map((i) => i.text.trim()));
    return [...seen.current.values()].flatMap((e): ThreadItem[] => {
      const cur = live.get(e.id);
      let state: BubbleState = cur ? cur.state : e.state;
      if (!cur && loaded) {
        // left the queue: accepted (unless it was a refusal, retried under a new id or discarded)
        if (e.state === 'failed' || inThread.has(textOf(e).trim())) return [];
        state = 'sent';
      }
      return [
        {
          id: `queued-${e.id}`,
          text: textOf(e),
          author: t('replyBox.me'),
          mine: true,
          at: e.createdAt,
          tag: (
            <Tag color={STATE_COLOR[state]} data-state={state} style={{ marginInlineEnd: 0 }}>
              {t(state === 'pending' ? 'actionState.queued' : state === 'failed' ? 'actionState.refused' : `actionState.${state}`)}
            </Tag>
          ),
        },
      ];
    });
  };
  return { target: target.data, reload: target.reload, queued: mine.map((e) => e.id), withThread: (t: Translate, thread: ThreadItem[]) => thread.concat(items(t, thread)), remember: (e: ActionEntry) => setMine((m) => [...m, e]), items };
}
export type Replies = ReturnType<typeof useReplies>;

interface Props {
  storeId: string;
  kind: ReplyKind;
  targetKey: string;
  /** values beside the text (a question answer names the question's sku) */
  extra?: Record<string, unknown>;
  replies: Replies;
  /** a reason the reply cannot be sent (e.g. the chat is closed) */
  disabledText?: string;
  testPrefix: string;
}

/** The reply box below a thread: queued offline, sent when online; refusals shown with retry/discard. */
export function ReplyBox({ storeId, kind, targetKey, extra, replies, disabledText, testPrefix }: Props) {
  const { t, locale } = useLocale();
  const toast = useErrorToast();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const { min, max } = LIMITS[kind];
  const trimmed = text.trim();
  const tooShort = trimmed.length > 0 && trimmed.length < min;
  const send = async () => {
    if (!trimmed || tooShort) return;
    setBusy(true);
    try {
      const e = await call('actions:enqueue', { storeId, kind, key: targetKey, values: { ...extra, text: trimmed }, label: trimmed.slice(0, 200) });
      setText('');
      // remembered after the reload: an entry missing from fresh data was already accepted
      await replies.reload();
      replies.remember(e);
    } catch (e) {
      toast(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex vertical gap={8} style={{ marginTop: 8 }} data-testid={`${testPrefix}-reply`}>
      <ActionStatus target={replies.target} onlyRefused queued={replies.queued} onChanged={replies.reload} testId={`${testPrefix}-reply-state`} />
      {disabledText ? (
        <Alert type="info" showIcon title={disabledText} />
      ) : (
        <>
          {/* no showCount: antd hangs its counter below the box, over whatever comes next */}
          <Input.TextArea
            rows={3}
            maxLength={max}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t(`replyBox.placeholder_${kind}`)}
            status={tooShort ? 'error' : undefined}
            data-testid={`${testPrefix}-reply-text`}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send();
            }}
          />
          <Flex justify="space-between" align="center" gap={12}>
            <span style={{ color: '#ff4d4f', fontSize: 12, minWidth: 0 }}>{tooShort ? t('replyBox.tooShort', { n: min }) : ''}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 'auto', whiteSpace: 'nowrap' }} data-testid={`${testPrefix}-reply-count`}>
              {formatNumber(text.length, locale)} / {formatNumber(max, locale)}
            </Typography.Text>
            <Button type="primary" icon={<SendOutlined />} loading={busy} disabled={!trimmed || tooShort} onClick={() => void send()} data-testid={`${testPrefix}-reply-send`}>
              {t('replyBox.send')}
            </Button>
          </Flex>
        </>
      )}
    </Flex>
  );
}
