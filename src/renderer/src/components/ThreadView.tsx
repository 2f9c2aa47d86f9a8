import { Empty, Flex, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { formatDateTimeShort } from '../lib/format';

export interface ThreadItem {
  id: string;
  text: string;
  /** shown above the text */
  author: string;
  /** our side (seller): aligned right */
  mine: boolean;
  at: string | null;
  tag?: ReactNode;
}

interface Props {
  items: ThreadItem[];
  locale: string;
  emptyText: string;
  testId: string;
  itemTestId(item: ThreadItem): string;
  /**
   * Below the thread: today a read-only note; when replies arrive (through
   * the export queue) the reply box goes here, nothing else changes.
   */
  footer?: ReactNode;
}

/** A conversation (review comments, answers, chat messages) as bubbles, oldest first. */
export function ThreadView({ items, locale, emptyText, testId, itemTestId, footer }: Props) {
  return (
    <Flex vertical gap={8} data-testid={testId} data-count={items.length}>
      {items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> : null}
      {items.map((m) => (
        <Flex key={m.id} justify={m.mine ? 'flex-end' : 'flex-start'} data-testid={itemTestId(m)} data-mine={m.mine ? 'true' : 'false'}>
          <div
            style={{
              maxWidth: '80%',
              padding: '8px 12px',
              borderRadius: 10,
              background: m.mine ? '#e6f4ff' : '#f5f5f5',
              whiteSpace: 'pre-wrap',
              wordBreak: 'break-word',
            }}
          >
            <Flex gap={8} align="center" style={{ marginBottom: 2 }}>
              <Typography.Text strong style={{ fontSize: 12 }}>
                {m.author}
              </Typography.Text>
              {m.tag ?? null}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {m.at ? formatDateTimeShort(m.at, locale) : ''}
              </Typography.Text>
            </Flex>
            <div style={{ userSelect: 'text' }}>{m.text}</div>
          </div>
        </Flex>
      ))}
      {footer ?? null}
    </Flex>
  );
}

/** The placeholder of the reply box: replies are read-only in this version. */
export function ReadOnlyNote({ text, testId }: { text: string; testId: string }) {
  return (
    <Tag color="default" data-testid={testId} style={{ alignSelf: 'flex-start', marginTop: 8, whiteSpace: 'normal' }}>
      {text}
    </Tag>
  );
}
