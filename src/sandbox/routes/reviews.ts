/**
 * Reviews: /v2/review/list (last_id = id of the last review, sort by
 * publication time), /v1/review/comment/create|list, /v2/review/change-status
 * (200 with an empty body object: the spec declares no content).
 */
import { ts } from '../util/time';
import { Check, bool, msg, num, nums, str, strs } from '../protocol/validate';
import { notFound } from '../protocol/errors';
import { keysetPage, newChildId } from './feedback-common';
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
      const where: string[] = [];
      const args: (string | number)[] = [];
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
      const { page, hasNext, lastId } = keysetPage<ReviewRow>(w, body, { table: 'reviews', storeId: store.id, where, args, from: str(f?.published_from), to: str(f?.published_to), limit });
      const comments = w.db.prepare('SELECT COUNT(*) AS n FROM review_comments WHERE review_id = ?');
      return {
        has_next: hasNext,
        last_id: lastId,
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
      const { id, seq, now } = newChildId(w, 'review_comment', 'comment');
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
