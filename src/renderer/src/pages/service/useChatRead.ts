import { useEffect, useRef } from 'react';
import { call } from '../../api';
import { useErrorToast } from '../../hooks/useErrorToast';
import { useWorkstation } from '../../store/workstation';

/** Ozon's message id: a uint64 as digits (shared/exports/actions.ts ChatReadValues); 0 is "none" */
const MESSAGE_ID = /^[1-9]\d{0,24}$/;

/**
 * Opening a chat that shows unread messages marks it read on Ozon: a
 * chat_read action up to the newest message on screen, queued like a reply
 * (offline too). The cache shows the chat read at once (its local read mark),
 * so the list and the badges are reloaded. Queued once per newest message
 * (the ref, not the deps, guards it: re-renders and reloads of the same chat
 * queue nothing more), and the outbox
 * replaces an unsent read of the chat with a newer one anyway.
 */
export function useChatRead(storeId: string, chat: { chatId: string; unreadCount: number } | null, newest: { messageId: string; text: string } | null): void {
  const toast = useErrorToast();
  const dataChanged = useWorkstation((s) => s.dataChanged);
  const queued = useRef<string | null>(null);
  const chatId = chat?.chatId ?? null;
  const unread = chat?.unreadCount ?? 0;
  const messageId = newest?.messageId ?? null;
  const text = newest?.text ?? '';
  useEffect(() => {
    if (!chatId || unread <= 0 || !messageId || !MESSAGE_ID.test(messageId) || queued.current === messageId) return;
    queued.current = messageId;
    call('actions:enqueue', { storeId, kind: 'chat_read', key: chatId, values: { fromMessageId: messageId }, label: (text.trim() || chatId).slice(0, 200) })
      .then(() => dataChanged())
      .catch((e: unknown) => {
        queued.current = null;
        toast(e);
      });
  }, [storeId, chatId, unread, messageId, text, dataChanged, toast]);
}
