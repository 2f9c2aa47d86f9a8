/**
 * Reviews (/v2/review/list, 100 a page, last_id keyset, oldest first) with
 * their comments (/v1/review/comment/list, by offset). Comments are fetched
 * only for reviews whose Ozon comments_amount differs from the comments we
 * hold, so an unchanged refresh makes no comment calls (the shared run loop:
 * feedback-common.ts importFeedback). Never swept.
 */
import type { Review, ReviewComment } from '../../../shared/domain/service';
import { allReviewComments, listReviews, type OzonReview, type OzonReviewComment } from '../../ozon/endpoints/feedback';
import type { RowInput } from '../upsert';
import type { Importer } from './context';
import { importFeedback } from './feedback-common';

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
  run: (ctx) =>
    importFeedback(ctx, {
      kind: 'reviews',
      list: listReviews,
      items: (r): OzonReview[] => r.reviews,
      id: (r) => r.id,
      count: (r) => r.comments_amount,
      parentDoc: reviewDoc,
      childRows: async (c, r): Promise<RowInput[]> =>
        (await allReviewComments(c.client, r.id, c.signal)).map((x) => ({ key: [x.id], data: commentDoc(r.id, x), extra: { review_id: r.id } })),
    }),
};
