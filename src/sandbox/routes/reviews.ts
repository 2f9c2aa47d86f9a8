/**
 * Reviews: /v2/review/list (last_id = id of the last review, sort by
 * publication time), /v1/review/comment/create|list, /v2/review/change-status
 * (200 with an empty body object: the spec declares no content).
 */
import { parseTs, ts } from '../util/time';
import { Rng } from '../util/rng';
import { Check, bool, msg, num, nums, str, strs } from '../protocol/validate';
import { invalidArgument, notFound } from '../protocol/errors';
import { nextId } from '../market/world';
import type { RouteDef } from './context';

interface ReviewRow {
  id: string;
  seq: number;
  sku: number;
  text: string;
  published_at: number;
  rating: number;
  status: string;
  order_status: string;
  photos_amount: number;
  videos_amount: number;
  is_rating_participant: number;
}

export const reviewRoutes: RouteDef[] = [
  {
    path: '/v2/review/list',
    handler: ({ w, store, body }) => {
      const check = new Check('ReviewListV2Request');
      const limit = check.range('limit', num(body.limit), 20, 100);
      const f = msg(body.filters);
      const desc = str(body.sort_dir) !== 'ASC';
      const where = ['store_id = ?'];
      const args: (string | number)[] = [store.id];
      const status = str(f?.status);
      if (status && status !== 'ALL') {
        where.push('status = ?');
        args.push(status);
      }
      const os = str(f?.order_status);
      if (os && os !== 'ALL') {
        where.push('order_status = ?');
        args.push(os);
      }
      const skus = nums(f?.skus);
      if (skus.length) {
        where.push(`sku IN (${skus.map(() => '?').join(',')})`);
        args.push(...skus);
      }
      const from = parseTs(str(f?.published_from));
      const to = parseTs(str(f?.published_to));
      if (from !== null) {
        where.push('published_at >= ?');
        args.push(from);
      }
      if (to !== null) {
        where.push('published_at <= ?');
        args.push(to);
      }
      const lastId = str(body.last_id);
      if (lastId) {
        const last = w.db.prepare('SELECT published_at, seq FROM reviews WHERE id = ? AND store_id = ?').get(lastId, store.id) as { published_at: number; seq: number } | undefined;
        if (!last) throw invalidArgument('invalid last_id');
        const op = desc ? '<' : '>';
        where.push(`(published_at ${op} ? OR (published_at = ? AND seq ${op} ?))`);
        args.push(last.published_at, last.published_at, last.seq);
      }
      const dir = desc ? 'DESC' : 'ASC';
      const rows = w.db.prepare(`SELECT * FROM reviews WHERE ${where.join(' AND ')} ORDER BY published_at ${dir}, seq ${dir} LIMIT ?`).all(...args, limit + 1) as ReviewRow[];
      const page = rows.slice(0, limit);
      const comments = w.db.prepare('SELECT COUNT(*) AS n FROM review_comments WHERE review_id = ?');
      return {
        has_next: rows.length > limit,
        last_id: page.length ? page[page.length - 1]!.id : '',
        reviews: page.map((r) => ({
          comments_amount: (comments.get(r.id) as { n: number }).n,
          id: r.id,
          is_rating_participant: r.is_rating_participant === 1,
          order_status: r.order_status,
          photos_amount: r.photos_amount,
          published_at: ts(r.published_at),
          rating: r.rating,
          sku: r.sku,
          status: r.status,
          text: r.text,
          videos_amount: r.videos_amount,
        })),
      };
    },
  },
  {
    path: '/v1/review/comment/create',
    handler: ({ w, store, body }) => {
      const check = new Check('CommentCreateRequest');
      const reviewId = check.required('review_id', str(body.review_id));
      const text = check.required('text', str(body.text).trim());
      const review = w.db.prepare('SELECT id FROM reviews WHERE id = ? AND store_id = ?').get(reviewId, store.id);
      if (!review) throw notFound('review not found');
      const parent = str(body.parent_comment_id);
      if (parent && !w.db.prepare('SELECT 1 FROM review_comments WHERE id = ? AND review_id = ?').get(parent, reviewId)) throw notFound('parent comment not found');
      const now = w.clock.now();
      const seq = nextId(w.db, 'review_comment', 1);
      const id = Rng.derive(w.seed, 'comment', seq).uuid7(now);
      w.db.prepare('INSERT INTO review_comments(id, review_id, seq, text, published_at, is_owner, is_official, parent_comment_id) VALUES (?,?,?,?,?,1,1,?)').run(id, reviewId, seq, text, now, parent);
      if (bool(body.mark_review_as_processed)) w.db.prepare("UPDATE reviews SET status = 'PROCESSED' WHERE id = ?").run(reviewId);
      return { comment_id: id };
    },
  },
  {
    path: '/v1/review/comment/list',
    handler: ({ w, store, body }) => {
      const check = new Check('CommentListRequest');
      const limit = check.range('limit', num(body.limit), 20, 100);
      const reviewId = check.required('review_id', str(body.review_id));
      if (!w.db.prepare('SELECT 1 FROM reviews WHERE id = ? AND store_id = ?').get(reviewId, store.id)) throw notFound('review not found');
      const offset = num(body.offset);
      const dir = str(body.sort_dir) === 'DESC' ? 'DESC' : 'ASC';
      const rows = w.db.prepare(`SELECT * FROM review_comments WHERE review_id = ? ORDER BY published_at ${dir}, seq ${dir} LIMIT ? OFFSET ?`).all(reviewId, limit, offset) as {
        id: string;
        text: string;
        published_at: number;
        is_owner: number;
        is_official: number;
        parent_comment_id: string;
      }[];
      return {
        comments: rows.map((c) => ({
          deviation_reason: '',
          dislikes_amount: 0,
          id: c.id,
          is_official: c.is_official === 1,
          is_owner: c.is_owner === 1,
          is_published: true,
          is_rejected: false,
          likes_amount: 0,
          parent_comment_id: c.parent_comment_id,
          published_at: ts(c.published_at),
          text: c.text,
        })),
        offset: offset + rows.length,
      };
    },
  },
  {
    path: '/v2/review/change-status',
    handler: ({ w, store, body }) => {
      const check = new Check('ReviewChangeStatusV2Request');
      const ids = check.maxItems('review_ids', check.minItems('review_ids', strs(body.review_ids), 1), 100);
      const status = check.oneOf('status', str(body.status), ['NEW', 'VIEWED', 'PROCESSED']);
      const stmt = w.db.prepare('UPDATE reviews SET status = ? WHERE id = ? AND store_id = ?');
      const missing = ids.filter((id) => stmt.run(status, id, store.id).changes === 0);
      if (missing.length) throw notFound(`reviews not found: ${missing.join(', ')}`);
      return {};
    },
  },
];
