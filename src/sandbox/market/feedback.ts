/**
 * Buyers talking back: reviews on delivered goods, questions about products,
 * and chats about postings (with ids above 2^53 for messages, as Ozon's).
 */
import { Rng } from '../util/rng';
import { DAY, MINUTE } from '../util/time';
import { CHAT_TEXTS, FIRST_NAMES, QUESTION_TEXTS, REVIEW_TEXTS } from '../seed/vocab';
import { nextId, type World } from './world';

const CHAT_MESSAGE_BASE = 3_000_000_000_000_000_000n;

export function chatMessageId(w: World): bigint {
  return CHAT_MESSAGE_BASE + BigInt(nextId(w.db, 'chat_message', 118_021_931)) * 1000n;
}

export const sortKey = (id: bigint): string => id.toString().padStart(20, '0');

export function addChatMessage(w: World, chatId: string, t: number, userType: 'Customer' | 'Seller' | 'Crm', userId: string, text: string, isRead: boolean): bigint {
  const id = chatMessageId(w);
  w.db
    .prepare('INSERT INTO chat_messages(message_id, chat_id, sort_key, created_at, user_type, user_id, text, is_read) VALUES (?,?,?,?,?,?,?,?)')
    .run(id.toString(), chatId, sortKey(id), t, userType, userId, text, isRead ? 1 : 0);
  w.db.prepare('UPDATE chats SET last_activity = ? WHERE chat_id = ?').run(t, chatId);
  return id;
}

export function feedbackStep(w: World, storeId: number, stepIndex: number, t: number): void {
  const rng = Rng.derive(w.seed, 'feedback', storeId, stepIndex);
  const perMinute = w.market.ordersPerDay / (DAY / MINUTE);
  if (rng.bool(perMinute * 0.25)) addReview(w, storeId, rng, t);
  if (rng.bool(perMinute * 0.08)) addQuestion(w, storeId, rng, t);
  if (rng.bool(perMinute * 0.06)) addChat(w, storeId, rng, t);
}

/** A recently finished posting (reviews follow deliveries); cheap via the (store_id, delivered_at) index. */
function randomDeliveredSku(w: World, storeId: number, rng: Rng): { sku: number; product_id: number; posting_number: string; status: string } | undefined {
  return w.db
    .prepare(
      `SELECT i.sku, i.product_id, p.posting_number, p.status FROM postings p JOIN posting_items i ON i.posting_number = p.posting_number
       WHERE p.posting_number = (SELECT posting_number FROM postings WHERE store_id = ? AND delivered_at IS NOT NULL ORDER BY delivered_at DESC LIMIT 1 OFFSET ?) LIMIT 1`,
    )
    .get(storeId, rng.int(0, 30)) as { sku: number; product_id: number; posting_number: string; status: string } | undefined;
}

function randomProduct(w: World, storeId: number, rng: Rng): { sku: number; product_id: number } | undefined {
  const range = w.db.prepare('SELECT MIN(product_id) AS lo, MAX(product_id) AS hi FROM products WHERE store_id = ?').get(storeId) as { lo: number | null; hi: number | null };
  if (range.lo === null || range.hi === null) return undefined;
  return w.db.prepare('SELECT sku, product_id FROM products WHERE store_id = ? AND product_id >= ? ORDER BY product_id LIMIT 1').get(storeId, rng.int(range.lo, range.hi)) as
    | { sku: number; product_id: number }
    | undefined;
}

function addReview(w: World, storeId: number, rng: Rng, t: number): void {
  // Mostly about recent deliveries; otherwise about purchases older than the simulated history.
  const recent = rng.bool(0.7) ? randomDeliveredSku(w, storeId, rng) : undefined;
  const older = recent ? undefined : randomProduct(w, storeId, rng);
  const src = recent ?? (older ? { ...older, posting_number: '', status: 'delivered' } : undefined);
  if (!src) return;
  const rating = rng.weighted([[5, 55], [4, 20], [3, 10], [2, 6], [1, 9]] as const);
  const seq = nextId(w.db, 'review', 1);
  w.db
    .prepare(
      'INSERT INTO reviews(id, store_id, seq, sku, text, published_at, rating, status, order_status, photos_amount, videos_amount, is_rating_participant) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
    )
    .run(rng.uuid7(t), storeId, seq, src.sku, rng.pick(REVIEW_TEXTS[rating]!), t, rating, 'NEW', src.status === 'delivered' ? 'DELIVERED' : 'CANCELLED', rng.bool(0.2) ? rng.int(1, 4) : 0, rng.bool(0.05) ? 1 : 0, rng.bool(0.9) ? 1 : 0);
}

function addQuestion(w: World, storeId: number, rng: Rng, t: number): void {
  const p = randomProduct(w, storeId, rng);
  if (!p) return;
  const seq = nextId(w.db, 'question', 1);
  w.db
    .prepare('INSERT INTO questions(id, store_id, seq, sku, product_id, text, author_name, published_at, status) VALUES (?,?,?,?,?,?,?,?,?)')
    .run(rng.uuid7(t), storeId, seq, p.sku, p.product_id, rng.pick(QUESTION_TEXTS), rng.bool(0.5) ? 'Пользователь OZON' : rng.pick(FIRST_NAMES), t, 'NEW');
}

function addChat(w: World, storeId: number, rng: Rng, t: number): void {
  // Half the time a buyer writes into an existing open chat, otherwise opens one about a recent posting.
  const existing = rng.bool(0.5)
    ? (w.db.prepare("SELECT chat_id FROM chats WHERE store_id = ? AND chat_type = 'BUYER_SELLER' AND chat_status = 'OPENED' ORDER BY last_activity DESC LIMIT 1").get(storeId) as
        | { chat_id: string }
        | undefined)
    : undefined;
  let chatId = existing?.chat_id;
  if (!chatId) {
    const post = w.db.prepare('SELECT posting_number FROM postings WHERE store_id = ? ORDER BY created_at DESC LIMIT 1 OFFSET ?').get(storeId, rng.int(0, 20)) as
      | { posting_number: string }
      | undefined;
    if (!post) return;
    chatId = `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`;
    const sku = (w.db.prepare('SELECT sku FROM posting_items WHERE posting_number = ? LIMIT 1').get(post.posting_number) as { sku: number } | undefined)?.sku ?? 0;
    w.db
      .prepare('INSERT INTO chats(chat_id, store_id, seq, chat_type, chat_status, created_at, posting_number, sku, last_activity) VALUES (?,?,?,?,?,?,?,?,?)')
      .run(chatId, storeId, nextId(w.db, 'chat', 1), 'BUYER_SELLER', 'OPENED', t, post.posting_number, sku, t);
  }
  addChatMessage(w, chatId, t, 'Customer', String(rng.int(10_000_000, 99_999_999)), rng.pick(CHAT_TEXTS), false);
}
