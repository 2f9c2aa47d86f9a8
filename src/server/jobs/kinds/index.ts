/** The export kinds the runner works, one file each: every ExportKind has its handler (the Record type checks it). */
import type { ExportKind } from '../enqueue';
import { chatReadHandler } from './chat-read';
import { chatMessageHandler, questionAnswerHandler, reviewReplyHandler } from './feedback';
import { postingCancelHandler, postingShipHandler } from './posting';
import { archiveHandler, unarchiveHandler } from './archive';
import { attributesHandler } from './attributes';
import { priceHandler } from './price';
import { promotionJoinHandler, promotionLeaveHandler } from './promotion';
import { stockHandler } from './stock';
import type { KindHandler } from './types';

export type { Hold, ItemResult, KindHandler, ReadBack } from './types';

export const HANDLERS: Record<ExportKind, KindHandler> = {
  price: priceHandler,
  stock: stockHandler,
  attributes: attributesHandler,
  archive: archiveHandler,
  unarchive: unarchiveHandler,
  posting_ship: postingShipHandler,
  posting_cancel: postingCancelHandler,
  review_reply: reviewReplyHandler,
  question_answer: questionAnswerHandler,
  chat_message: chatMessageHandler,
  chat_read: chatReadHandler,
  promotion_join: promotionJoinHandler,
  promotion_leave: promotionLeaveHandler,
};
