/**
 * The local action outbox (src/main/cache/action-outbox.ts) on a real cache
 * file: kinds of one target group replace each other only while unsent,
 * replies never coalesce, takeDue marks the attempt durably (it survives a
 * reopen) and keeps the id, answers settle entries, a refused entry retried
 * gets a fresh id. A chat_read coalesces per chat and shows the chat read at
 * once; the chat stays read after the server accepted it, until a newer
 * customer message, Ozon's refusal, the server's refusal or a discard.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serviceQueries } from '../../src/main/cache/queries-service';
import { ChatQuery } from '../../src/shared/ipc/service';
import { tempCaches } from './cache-fixture';
import { change, currentSeq, resetSeq, STORE } from './sync-fixtures';
import { chat } from './workstation-fixtures';

const { newDir, open } = tempCaches('action-outbox');
const fileIn = () => path.join(newDir(), 'c.db');

const PN = '12345678-0001-1';
const SHIP = { packages: [{ products: [{ sku: '900001', quantity: 2 }] }] };

describe('action outbox', () => {
  it('is a STRICT table; a group replaces its unsent command, replies stay separate', () => {
    const c = open(fileIn());
    const sql = c.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'action_outbox'").pluck().get() as string;
    expect(sql).toMatch(/\)\s*STRICT/);
    const a = c.actions;
    const ship = a.enqueue({ storeId: STORE, kind: 'posting_ship', key: PN, values: SHIP, label: PN });
    const cancel = a.enqueue({ storeId: STORE, kind: 'posting_cancel', key: PN, values: { reasonId: 352 }, label: PN });
    expect(a.list().map((e) => [e.id, e.kind])).toEqual([[cancel.id, 'posting_cancel']]);
    expect(a.entry(ship.id)).toBeNull();
    // archive then unarchive of one product: the newest wins; another product is untouched
    a.enqueue({ storeId: STORE, kind: 'archive', key: '100001', values: {}, label: 'p1' });
    a.enqueue({ storeId: STORE, kind: 'archive', key: '100002', values: {}, label: 'p2' });
    const un = a.enqueue({ storeId: STORE, kind: 'unarchive', key: '100001', values: {}, label: 'p1' });
    expect(a.list().filter((e) => e.key === '100001').map((e) => e.id)).toEqual([un.id]);
    expect(a.list().filter((e) => e.key === '100002').map((e) => e.kind)).toEqual(['archive']);
    // two replies to one review are two replies
    a.enqueue({ storeId: STORE, kind: 'review_reply', key: 'rev-1', values: { text: 'one' }, label: 'r' });
    a.enqueue({ storeId: STORE, kind: 'review_reply', key: 'rev-1', values: { text: 'two' }, label: 'r' });
    expect(a.list().filter((e) => e.key === 'rev-1').map((e) => e.values.text)).toEqual(['one', 'two']);
    expect(a.counts()).toEqual({ pending: 5, failed: 0 });
  });

  it('marks the attempt durably before the send and keeps the id; a sent command is never replaced', () => {
    const file = fileIn();
    let c = open(file);
    const ship = c.actions.enqueue({ storeId: STORE, kind: 'posting_ship', key: PN, values: SHIP, label: PN });
    const taken = c.actions.takeDue(Date.now(), 10);
    expect(taken.map((e) => [e.id, e.attempts])).toEqual([[ship.id, 1]]);
    // a crash right after: the reopened cache knows the attempt, same id
    c.close();
    c = open(file);
    expect(c.actions.entry(ship.id)).toMatchObject({ attempts: 1, state: 'pending' });
    // possibly on the server already: a cancel queues behind it instead of replacing it
    const cancel = c.actions.enqueue({ storeId: STORE, kind: 'posting_cancel', key: PN, values: { reasonId: 352 }, label: PN });
    expect(c.actions.list().map((e) => e.id)).toEqual([ship.id, cancel.id]);
    // a failed send is deferred; it is not due before its time and keeps its id
    const now = Date.now();
    c.actions.defer([{ id: ship.id, at: now + 60_000 }]);
    const onlyCancel = c.actions.takeDue(now, 10);
    expect(onlyCancel.map((e) => e.id)).toEqual([cancel.id]);
    c.actions.applyResults(onlyCancel, [{ id: cancel.id, status: 'applied', version: 3, merged: false }]);
    expect(c.actions.nextDueAt()).toBe(now + 60_000);
    expect(c.actions.takeDue(now + 60_000, 10).map((e) => [e.id, e.attempts])).toEqual([[ship.id, 2]]);
  });

  it('settles answers: applied leaves, a refusal stays with its reason; retrying it uses a fresh id', () => {
    const c = open(fileIn());
    const a = c.actions;
    const ok = a.enqueue({ storeId: STORE, kind: 'chat_message', key: 'chat-1', values: { text: 'hi' }, label: 'c' });
    const bad = a.enqueue({ storeId: STORE, kind: 'chat_message', key: 'chat-2', values: { text: 'hi' }, label: 'c' });
    const sent = a.takeDue(Date.now(), 10);
    a.applyResults(sent, [
      { id: ok.id, status: 'applied', version: 7, merged: false },
      { id: bad.id, status: 'rejected', reason: { code: 'CHAT_CLOSED' } },
    ]);
    expect(a.list().map((e) => [e.id, e.state, e.error?.code])).toEqual([[bad.id, 'failed', 'CHAT_CLOSED']]);
    expect(a.counts()).toEqual({ pending: 0, failed: 1 });
    expect(a.takeDue(Date.now(), 10)).toEqual([]);
    const again = a.retry(bad.id);
    expect(again.id).not.toBe(bad.id);
    expect(again).toMatchObject({ state: 'pending', attempts: 0, error: null, key: 'chat-2' });
    // a pending entry retried now keeps its id
    expect(a.retry(again.id).id).toBe(again.id);
    expect(a.discard(again.id).id).toBe(again.id);
    expect(a.list()).toEqual([]);
  });

  it('a chat_read shows the chat read at once, coalesces per chat and keeps it read after the server accepted it', () => {
    resetSeq();
    const c = open(fileIn());
    // Ozon message ids exceed 2^53: compared as digit strings, never as numbers
    const M = (n: number) => `30000000001180${String(n).padStart(5, '0')}`;
    const ids = (...n: number[]) => ({ firstUnreadMessageId: M(n[0]!), lastMessageId: M(n[1] ?? n[0]!) });
    c.applyPage([change('chat', 'ch1', chat('ch1', { unreadCount: 2, ...ids(21, 22) })), change('chat', 'ch2', chat('ch2', { unreadCount: 1, ...ids(31) }))], currentSeq());
    const s = serviceQueries(c);
    const unread = () => Object.fromEntries(s.chats(ChatQuery.parse({ storeIds: [STORE], offset: 0, limit: 10 })).rows.map((r) => [r.chatId, r.unreadCount]));
    const onlyUnread = () => s.chats(ChatQuery.parse({ storeIds: [STORE], offset: 0, limit: 10, unreadOnly: true })).rows.map((r) => r.chatId);
    expect(unread()).toEqual({ ch1: 2, ch2: 1 });

    // opened twice before anything was sent: one command, the newest message; read at once everywhere
    c.actions.enqueue({ storeId: STORE, kind: 'chat_read', key: 'ch1', values: { fromMessageId: M(21) }, label: 'ch1' });
    const read = c.actions.enqueue({ storeId: STORE, kind: 'chat_read', key: 'ch1', values: { fromMessageId: M(22) }, label: 'ch1' });
    expect(c.actions.list().map((e) => [e.id, e.values.fromMessageId])).toEqual([[read.id, M(22)]]);
    expect(unread()).toEqual({ ch1: 0, ch2: 1 });
    expect(onlyUnread()).toEqual(['ch2']);
    expect(s.summary([STORE]).chatsUnread).toBe(1);
    expect(s.chat(STORE, 'ch1').chat.unreadCount).toBe(0);
    // the mark only moves forward (longer digit strings are larger: 10 digits beats 9)
    c.actions.readMarks.mark(STORE, 'ch1', '999999999');
    expect(c.actions.readMarks.get(STORE, 'ch1')).toBe(M(22));

    // the server accepted it: the command leaves the queue, the chat stays read until Ozon's count arrives
    c.actions.applyResults(c.actions.takeDue(Date.now(), 10), [{ id: read.id, status: 'applied', version: 9, merged: false }]);
    expect(c.actions.list()).toEqual([]);
    c.applyPage([change('chat', 'ch1', chat('ch1', { unreadCount: 2, ...ids(21, 22), ozonSync: { state: 'pending', reason: null, at: null } }))], currentSeq());
    expect(unread().ch1).toBe(0);
    // a customer writes again after the read: unread again, with Ozon's count
    c.applyPage([change('chat', 'ch1', chat('ch1', { unreadCount: 1, ...ids(23) }))], currentSeq());
    expect(unread().ch1).toBe(1);
    // Ozon refused the read (e.g. no Premium subscription): Ozon's count is the truth
    c.actions.enqueue({ storeId: STORE, kind: 'chat_read', key: 'ch1', values: { fromMessageId: M(23) }, label: 'ch1' });
    expect(unread().ch1).toBe(0);
    c.applyPage([change('chat', 'ch1', chat('ch1', { unreadCount: 1, ...ids(23), ozonSync: { state: 'failed', reason: 'chat_read: 403', at: null } }))], currentSeq());
    expect(unread().ch1).toBe(1);
  });

  it('a chat_read the server refuses, or a person discards, shows the chat unread again; a retry reads it again', () => {
    resetSeq();
    const c = open(fileIn());
    c.applyPage([change('chat', 'ch2', chat('ch2', { unreadCount: 3, firstUnreadMessageId: '3000000000118031000', lastMessageId: '3000000000118033000' }))], currentSeq());
    const s = serviceQueries(c);
    const unread = () => s.chat(STORE, 'ch2').chat.unreadCount;
    const read = c.actions.enqueue({ storeId: STORE, kind: 'chat_read', key: 'ch2', values: { fromMessageId: '3000000000118033000' }, label: 'ch2' });
    expect(unread()).toBe(0);
    c.actions.applyResults(c.actions.takeDue(Date.now(), 10), [{ id: read.id, status: 'rejected', reason: { code: 'FORBIDDEN' } }]);
    expect(unread()).toBe(3);
    const again = c.actions.retry(read.id);
    expect(unread()).toBe(0);
    c.actions.discard(again.id);
    expect(unread()).toBe(3);
    expect(c.actions.readMarks.get(STORE, 'ch2')).toBeNull();
  });
});
