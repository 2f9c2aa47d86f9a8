/** Rows of the workstation pages' entities (shapes of src/shared/domain) for cache query tests. */
import { STORE } from './sync-fixtures';

const meta = (storeId = STORE) => ({ storeId, version: 1, updatedAt: '2026-01-01T00:00:00.000Z', deleted: false });

export function returnRow(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...meta(),
    returnId: String(1_000_015_000 + i),
    postingNumber: `${10000000 + i}-0001-1`,
    scheme: i % 2 ? 'Fbs' : 'Fbo',
    type: i % 3 === 0 ? 'Cancellation' : 'ClientReturn',
    status: i % 2 ? 'MovingToSeller' : 'ReturnedToOzon',
    reason: 'Брак',
    sku: String(900000000 + i),
    offerId: `OFF-${i}`,
    quantity: 1,
    price: '150.50',
    currency: 'RUB',
    returnedAt: new Date(Date.UTC(2026, 0, 10) + i * 3_600_000).toISOString(),
    ...over,
  };
}

export function review(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...meta((over.storeId as string) ?? STORE),
    reviewId: id,
    sku: '900000001',
    text: 'Отличная кружка',
    rating: 5,
    status: 'NEW',
    orderStatus: 'DELIVERED',
    commentsAmount: 0,
    photosAmount: 0,
    videosAmount: 0,
    isRatingParticipant: true,
    publishedAt: '2026-01-05T10:00:00.000Z',
    ...over,
  };
}

export function reviewComment(id: string, reviewId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...meta(), commentId: id, reviewId, parentCommentId: null, text: 'Спасибо!', isOfficial: false, isOwner: true, publishedAt: '2026-01-05T12:00:00.000Z', ...over };
}

export function question(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...meta(), questionId: id, sku: '900000002', text: 'Можно в посудомойку?', authorName: 'Анна', status: 'NEW', answersCount: 0, productUrl: null, publishedAt: '2026-01-06T10:00:00.000Z', ...over };
}

export function answer(id: string, questionId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...meta(), answerId: id, questionId, text: 'Да, можно.', authorName: 'Магазин', publishedAt: '2026-01-06T11:00:00.000Z', ...over };
}

export function chat(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...meta(), chatId: id, chatType: 'BUYER_SELLER', chatStatus: 'OPENED', unreadCount: 0, lastMessageId: null, firstUnreadMessageId: null, createdAt: '2026-01-01T09:00:00.000Z', ...over };
}

export function message(chatId: string, messageId: string, at: string, userType: string, text: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...meta(), chatId, messageId, userType, userId: '1', isRead: userType === 'Seller', text: [text], createdAt: at, ...over };
}

export function promotion(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...meta(),
    actionId: id,
    title: `Акция ${id}`,
    actionType: 'DISCOUNT',
    description: 'Скидки',
    dateStart: '2026-01-01T00:00:00Z',
    dateEnd: '2026-01-31T00:00:00Z',
    isParticipating: false,
    participatingProductsCount: 0,
    potentialProductsCount: 0,
    discountType: 'PERCENT',
    discountValue: '20',
    ...over,
  };
}

export function promotionProduct(actionId: string, productId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...meta(), actionId, productId, participating: false, price: '200.00', actionPrice: '160.00', maxActionPrice: '170.00', stock: 5, ...over };
}

export function campaign(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...meta(), campaignId: id, title: `Кампания ${id}`, state: 'CAMPAIGN_STATE_RUNNING', advObjectType: 'SKU', dailyBudget: '500.00', fromDate: '2026-01-01', toDate: null, ...over };
}

export function campaignStat(campaignId: string, date: string, views: number, clicks: number, spend: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...meta(), campaignId, date, views, clicks, spend, orders: 1, ordersMoney: '300.00', ...over };
}
