/**
 * Reviews (/v2/review/list, 100 a page, last_id keyset, oldest first) with
 * their comments (/v1/review/comment/list, by offset). Comments are fetched
 * only for reviews whose Ozon comments_amount differs from the comments we
 * hold, so an unchanged refresh makes no comment calls. A page of reviews and
 * its comments are committed together with the checkpoint: after a crash the
 * counts still differ and the comments are fetched again. Never swept.
 */
import type { Review, ReviewComment } from '../../../shared/domain/service';
import { COMMENTS_PAGE, listReviewComments, listReviews, type OzonReview, type OzonReviewComment, type PublishedWindow } from '../../ozon/endpoints/feedback';
import { TABLES } from '../tables';
import { applyRows, type RowInput } from '../upsert';
import { mapLimit, type Importer } from './context';
import { childCounts, publishedWindow } from './feedback-common';

type ReviewDoc = Omit<Review, 'storeId' | 'version' | 'updatedAt' | 'deleted'>;
type CommentDoc = Omit<ReviewComment, 'storeId' | 'version' | 'updatedAt' | 'deleted'>;

export function reviewDoc(r: OzonReview): ReviewDoc {
  return {
    reviewId: r.id,
    sku: r.sku ?? '0',
    text: r.text,
    rating: Math.trunc(r.rating),
    status: r.status,
    orderStatus: r.order_status,
    commentsAmount: r.comments_amount,
    photosAmount: r.photos_amount,
    videosAmount: r.videos_amount,
    isRatingParticipant: r.is_rating_participant,
    publishedAt: r.published_at,
  };
}

export function commentDoc(reviewId: string, c: OzonReviewComment): CommentDoc {
  return { commentId: c.id, reviewId, parentCommentId: c.parent_comment_id, text: c.text, isOfficial: c.is_official, isOwner: c.is_owner, publishedAt: c.published_at };
}

export const reviewsImporter: Importer = {
  entity: 'reviews',
  async run(ctx) {
    const saved = ctx.cursor ? (JSON.parse(ctx.cursor) as { w: PublishedWindow; last: string }) : null;
    const w = saved?.w ?? publishedWindow(ctx);
    let last = saved?.last ?? '';
    const scope = { workspaceId: ctx.scope.workspaceId, storeId: ctx.scope.storeId };
    for (;;) {
      const page = await listReviews(ctx.client, w, last, ctx.signal);
      const held = await childCounts(ctx.db, 'review_comments', 'review_id', ctx.scope.storeId, page.reviews.map((r) => r.id));
      const stale = page.reviews.filter((r) => r.comments_amount > 0 && (held.get(r.id) ?? 0) !== r.comments_amount);
      const comments: RowInput[] = [];
      await mapLimit(stale, 4, async (r) => {
        for (let offset = 0; ; ) {
          const res = await listReviewComments(ctx.client, r.id, offset, ctx.signal);
          for (const c of res.comments) comments.push({ key: [c.id], data: commentDoc(r.id, c), extra: { review_id: r.id } });
          if (res.comments.length < COMMENTS_PAGE) break;
          offset += res.comments.length;
        }
      });
      const rows = page.reviews.map((r) => ({ key: [r.id], data: reviewDoc(r) }));
      const next = page.has_next && page.last_id ? page.last_id : '';
      await ctx.commit(
        async (trx) => {
          await applyRows(trx, TABLES.review, scope, rows);
          await applyRows(trx, TABLES.review_comment, scope, comments);
        },
        { cursor: next ? JSON.stringify({ w, last: next }) : null, done: ctx.done + rows.length, total: next ? null : ctx.done + rows.length },
      );
      if (!next) break;
      last = next;
    }
  },
};
