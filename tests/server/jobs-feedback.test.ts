/**
 * Review replies, question answers and chat messages as export jobs against
 * the Ozon sandbox (SQLite and PostgreSQL): each is one command (two equal
 * replies are two replies), read back from Ozon's lists (comment list, answer
 * list, chat history); Ozon's refusals fail with the reason; items left
 * 'sending' by a crash are read back first and a reply Ozon already shows is
 * never sent again; with 10% injected faults every reply exists exactly once
 * or failed with a reason. Marking a chat read (chat_read → /v2/chat/read)
 * coalesces per chat, is read back from Ozon's unread chat list and writes
 * the chat's row (unread count) with the outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markSending } from '../../src/server/jobs/settle';
import { TABLES } from '../../src/server/store-data/tables';
import { applyRows } from '../../src/server/store-data/upsert';
import { ozonPost, stats } from '../helpers/ozon-sandbox';
import { DB_KINDS } from './support/harness';
import { expectAppliedOrFailedWithReason, expectValidExchanges, startActionEnv, withFaults, type ActionEnv, type Req } from './support/action-exports';

describe.each(DB_KINDS)('feedback action exports (%s)', (kind) => {
  let env: ActionEnv;
  let reviews: string[] = [];
  const questions: { id: string; sku: string }[] = [];
  let chats: string[] = [];
  let n = 0;
  const text = (what: string) => `${what} №${++n}: спасибо, что выбрали нас!`;

  beforeAll(async () => {
    env = await startActionEnv(kind, ['review_reply', 'question_answer', 'chat_message', 'chat_read'], { ordersPerDay: 80, historyDays: 9 });
    reviews = (await ozonPost(env.sb, 0, '/v2/review/list', { limit: 100 })).reviews.map((r: any) => r.id);
    let last = '';
    for (let page = 0; page < 4; page++) {
      const q = await ozonPost(env.sb, 0, '/v1/question/list', { limit: 10, filter: { status: 'ALL' }, ...(last ? { last_id: last } : {}) });
      questions.push(...q.questions.map((x: any) => ({ id: x.id, sku: String(x.sku) })));
      if (!q.has_next) break;
      last = q.last_id;
    }
    chats = (await ozonPost(env.sb, 0, '/v3/chat/list', { limit: 100, filter: { chat_status: 'Opened' } })).chats.map((c: any) => c.chat.chat_id);
    expect(reviews.length).toBeGreaterThan(40);
    expect(questions.length).toBeGreaterThan(20);
    expect(chats.length).toBeGreaterThan(10);
  }, 120_000);
  afterAll(async () => env?.close());

  /** how many seller-written copies of `t` Ozon holds on the target */
  const onOzon = (k: Req['kind'], target: string, t: string): number => {
    const sql =
      k === 'review_reply'
        ? 'SELECT COUNT(*) AS n FROM review_comments WHERE review_id = ? AND text = ? AND is_owner = 1'
        : k === 'question_answer'
          ? 'SELECT COUNT(*) AS n FROM answers WHERE question_id = ? AND text = ?'
          : "SELECT COUNT(*) AS n FROM chat_messages WHERE chat_id = ? AND text = ? AND user_type = 'Seller'";
    return (env.sbDb.prepare(sql).get(target, t) as { n: number }).n;
  };
  const reply = (reviewId: string, t: string, extra: { markAsProcessed?: boolean } = {}): Req => ({ kind: 'review_reply', key: reviewId, values: { text: t, ...extra } });
  const answer = (q: { id: string; sku: string }, t: string): Req => ({ kind: 'question_answer', key: q.id, values: { text: t, sku: q.sku } });
  const message = (chatId: string, t: string): Req => ({ kind: 'chat_message', key: chatId, values: { text: t } });
  const textOf = (r: Req): string => (r.values as { text: string }).text;

  it('replies, answers and messages are sent once each and read back applied; two equal replies are two replies', async () => {
    env.sb.control.resetStats();
    const same = text('Ответ');
    const reqs: Req[] = [
      ...reviews.slice(0, 4).map((r, i) => reply(r, text('Отзыв'), i === 0 ? { markAsProcessed: true } : {})),
      reply(reviews[4]!, same),
      reply(reviews[4]!, same),
      ...questions.slice(0, 4).map((q) => answer(q, text('Вопрос'))),
      ...chats.slice(0, 4).map((c) => message(c, text('Сообщение'))),
    ];
    const ids = await env.enqueue(reqs);
    const rows = await env.settled(ids);
    expect(rows.map((r) => `${r.kind} ${r.state} ${r.error_message ?? ''}`.trim())).toEqual(rows.map((r) => `${r.kind} applied`));
    reqs.forEach((r, i) => {
      if (i === 4 || i === 5) return;
      expect(onOzon(r.kind, r.key, textOf(r)), `${r.kind} ${r.key}`).toBe(1);
    });
    expect(onOzon('review_reply', reviews[4]!, same)).toBe(2);
    const [r4, r5] = [JSON.parse(rows[4]!.readback!), JSON.parse(rows[5]!.readback!)];
    expect(r4.id).not.toBe(r5.id);
    expect((env.sbDb.prepare('SELECT status FROM reviews WHERE id = ?').get(reviews[0]) as { status: string }).status).toBe('PROCESSED');
    const s = stats(env.sb);
    expect(s.requests['/v1/review/comment/create']).toBe(6);
    expect(s.requests['/v1/question/answer/create']).toBe(4);
    expect(s.requests['/v1/chat/send/message']).toBe(4);
  }, 90_000);

  it('Ozon’s refusals fail with the reason; a too-short answer is refused before it is queued', async () => {
    const ids = await env.enqueue([reply('no-such-review', text('Отзыв')), answer({ id: 'no-such-question', sku: questions[0]!.sku }, text('Вопрос')), message('no-such-chat', text('Сообщение'))]);
    const rows = await env.settled(ids);
    expect(rows.map((r) => r.state)).toEqual(['failed', 'failed', 'failed']);
    expect(rows[0]!.error_message).toMatch(/review not found/);
    expect(rows[1]!.error_message).toMatch(/question not found/);
    expect(rows[2]!.error_message).toMatch(/chat not found/);
    await expect(env.enqueue([answer(questions[0]!, 'Д')])).rejects.toThrow(/question_answer values: text/);
  }, 60_000);

  it('after a crash with items left sending: what Ozon already shows is applied and never sent again; the rest is sent once', async () => {
    await env.stopRunner();
    const reqs = [reply(reviews[10]!, text('Отзыв')), message(chats[6]!, text('Сообщение')), answer(questions[8]!, text('Вопрос')), reply(reviews[11]!, text('Отзыв'))];
    const ids = await env.enqueue(reqs);
    await markSending(env.h.built.db, ids, new Date().toISOString());
    // the first three requests reached Ozon before the process died; the last did not
    await ozonPost(env.sb, 0, '/v1/review/comment/create', { review_id: reqs[0]!.key, text: textOf(reqs[0]!) });
    await ozonPost(env.sb, 0, '/v1/chat/send/message', { chat_id: reqs[1]!.key, text: textOf(reqs[1]!) });
    await ozonPost(env.sb, 0, '/v1/question/answer/create', { question_id: reqs[2]!.key, sku: Number(questions[8]!.sku), text: textOf(reqs[2]!) });
    env.sb.control.resetStats();
    await env.startRunner();
    const rows = await env.settled(ids);
    expect(rows.map((r) => [r.state, r.attempts])).toEqual([
      ['applied', 1],
      ['applied', 1],
      ['applied', 1],
      ['applied', 2],
    ]);
    for (const r of reqs) expect(onOzon(r.kind, r.key, textOf(r)), r.kind).toBe(1);
    const s = stats(env.sb);
    expect(s.requests['/v1/review/comment/create']).toBe(1);
    expect(s.requests['/v1/chat/send/message']).toBeUndefined();
    expect(s.requests['/v1/question/answer/create']).toBeUndefined();
  }, 60_000);

  it('with 10% injected faults every reply exists on Ozon exactly once or failed with a reason', async () => {
    const reqs: Req[] = [
      ...reviews.slice(20, 32).map((r) => reply(r, text('Отзыв'))),
      ...questions.slice(10, 20).map((q) => answer(q, text('Вопрос'))),
      ...chats.slice(0, 10).map((c) => message(c, text('Сообщение'))),
    ];
    const rows = await withFaults(env.sb, async () => env.settled(await env.enqueue(reqs), 180_000));
    expectAppliedOrFailedWithReason(rows);
    // applied: on Ozon exactly once; failed: not at all
    rows.forEach((r, i) => {
      const q = reqs[i]!;
      expect(onOzon(q.kind, q.key, textOf(q)), `${q.kind} ${q.key}`).toBe(r.state === 'applied' ? 1 : 0);
    });
    expect(rows.filter((r) => r.state === 'applied').length).toBeGreaterThan(reqs.length * 0.8);
  }, 240_000);

  /** Ozon's unread customer messages of a chat, oldest first (ids are uint64 digit strings) */
  const unreadOnOzon = (chatId: string): string[] =>
    (env.sbDb.prepare("SELECT message_id FROM chat_messages WHERE chat_id = ? AND is_read = 0 AND user_type <> 'Seller' ORDER BY sort_key").all(chatId) as { message_id: string }[]).map((m) => m.message_id);
  const serverChat = async (chatId: string) => {
    const r = await env.h.built.db.selectFrom('chats').select(['data', 'version']).where('store_id', '=', env.storeId).where('chat_id', '=', chatId).executeTakeFirstOrThrow();
    return { doc: JSON.parse(r.data) as { unreadCount: number; firstUnreadMessageId: string | null }, version: Number(r.version) };
  };

  it('marking a chat read: one request per chat (an unsent read is replaced by the newer), read back from Ozon, the chat row carries the unread count', async () => {
    // chats the message tests leave alone, with unread customer messages: one read whole, one up to its first unread message
    const candidates = (env.sbDb.prepare('SELECT chat_id FROM chats ORDER BY seq').all() as { chat_id: string }[]).map((c) => c.chat_id).filter((c) => !chats.slice(0, 10).includes(c));
    const whole = candidates.find((c) => unreadOnOzon(c).length >= 1)!;
    const part = candidates.find((c) => c !== whole && unreadOnOzon(c).length >= 2)!;
    expect(whole && part).toBeTruthy();
    const [wholeUnread, partUnread] = [unreadOnOzon(whole), unreadOnOzon(part)];
    const newest = (env.sbDb.prepare('SELECT message_id FROM chat_messages WHERE chat_id = ? ORDER BY sort_key DESC LIMIT 1').get(whole) as { message_id: string }).message_id;
    // the server holds both chats as its import saw them (unread)
    const doc = (chatId: string, unread: string[]) => ({ chatId, chatType: 'BUYER_SELLER', chatStatus: 'OPENED', unreadCount: unread.length, lastMessageId: null, firstUnreadMessageId: unread[0]!, createdAt: null });
    await env.h.built.db.transaction().execute((trx) =>
      applyRows(trx, TABLES.chat, { workspaceId: env.workspaceId, storeId: env.storeId }, [
        { key: [whole], data: doc(whole, wholeUnread) },
        { key: [part], data: doc(part, partUnread) },
      ]),
    );
    const before = await serverChat(whole);
    env.sb.control.resetStats();
    const read = (chatId: string, fromMessageId: string): Req => ({ kind: 'chat_read', key: chatId, values: { fromMessageId } });
    const ids = await env.enqueue([read(whole, wholeUnread[0]!), read(whole, newest), read(part, partUnread[0]!)]);
    const rows = await env.settled(ids);
    expect(rows.map((r) => r.state)).toEqual(['superseded', 'applied', 'applied']);
    expect(stats(env.sb).requests['/v2/chat/read']).toBe(2);
    // Ozon: the whole chat is read; the other only up to its first unread message
    expect(unreadOnOzon(whole)).toEqual([]);
    expect(unreadOnOzon(part)).toEqual(partUnread.slice(1));
    expect(JSON.parse(rows[1]!.readback!)).toEqual({ unreadCount: 0, firstUnreadMessageId: null });
    // the rows follow the read-back in the feed: unread 0, and the other chat's remaining count
    const after = await serverChat(whole);
    expect(after.doc).toMatchObject({ unreadCount: 0, firstUnreadMessageId: null });
    expect(after.version).toBeGreaterThan(before.version);
    const feed = await env.h.built.db.selectFrom('change_feed').select(['seq']).where('workspace_id', '=', env.workspaceId).where('row_key', '=', whole).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(Number(feed.seq)).toBe(after.version);
    expect((await serverChat(part)).doc).toMatchObject({ unreadCount: partUnread.length - 1, firstUnreadMessageId: partUnread[1] });

    // an unknown chat fails with Ozon's reason; a read that crashed after reaching Ozon is applied without a resend
    const [unknown] = await env.enqueue([read('no-such-chat', newest)]);
    expect((await env.settled([unknown!]))[0]).toMatchObject({ state: 'failed' });
    expect((await env.items([unknown!]))[0]!.error_message).toMatch(/chat not found/);
    await env.stopRunner();
    const again = unreadOnOzon(part);
    const [crashed] = await env.enqueue([read(part, again[again.length - 1]!)]);
    await markSending(env.h.built.db, [crashed!], new Date().toISOString());
    await ozonPost(env.sb, 0, '/v2/chat/read', { chat_id: part, from_message_id: again[again.length - 1] });
    env.sb.control.resetStats();
    await env.startRunner();
    expect((await env.settled([crashed!]))[0]).toMatchObject({ state: 'applied', attempts: 1 });
    expect(stats(env.sb).requests['/v2/chat/read']).toBeUndefined();
    expect((await serverChat(part)).doc).toMatchObject({ unreadCount: 0 });
  }, 60_000);

  it('sent only requests valid against the official request schemas', () => {
    expectValidExchanges(env.exchanges, [
      '/v1/review/comment/create',
      '/v1/review/comment/list',
      '/v1/question/answer/create',
      '/v1/question/answer/list',
      '/v1/chat/send/message',
      '/v3/chat/history',
      '/v2/chat/read',
      '/v3/chat/list',
    ]);
  });
});
