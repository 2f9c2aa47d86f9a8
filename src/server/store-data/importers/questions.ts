/**
 * Questions (/v1/question/list, oldest first, last_id keyset; Ozon returns at
 * most 10 a page) with their answers (/v1/question/answer/list, last_id).
 * Answers are fetched only for questions whose answers_count differs from the
 * answers we hold; a page and its answers commit with the checkpoint (the
 * shared run loop: feedback-common.ts importFeedback). Never swept.
 */
import type { Question, QuestionAnswer } from '../../../shared/domain/service';
import { allAnswers, listQuestions, type OzonAnswer, type OzonQuestion } from '../../ozon/endpoints/feedback';
import type { RowInput } from '../upsert';
import type { Importer } from './context';
import { importFeedback } from './feedback-common';

type QuestionDoc = Omit<Question, 'storeId' | 'version' | 'updatedAt' | 'deleted'>;
type AnswerDoc = Omit<QuestionAnswer, 'storeId' | 'version' | 'updatedAt' | 'deleted'>;

export function questionDoc(q: OzonQuestion): QuestionDoc {
  return {
    questionId: q.id,
    sku: q.sku ?? '0',
    text: q.text,
    authorName: q.author_name,
    status: q.status,
    answersCount: q.answers_count,
    productUrl: q.product_url,
    publishedAt: q.published_at,
  };
}

export function answerDoc(questionId: string, a: OzonAnswer): AnswerDoc {
  return { answerId: a.id, questionId: a.question_id || questionId, text: a.text, authorName: a.author_name, publishedAt: a.published_at };
}

export const questionsImporter: Importer = {
  entity: 'questions',
  run: (ctx) =>
    importFeedback(ctx, {
      kind: 'questions',
      list: listQuestions,
      items: (r): OzonQuestion[] => r.questions,
      id: (q) => q.id,
      count: (q) => q.answers_count,
      fetchable: (q) => !!q.sku,
      parentDoc: questionDoc,
      childRows: async (c, q): Promise<RowInput[]> =>
        (await allAnswers(c.client, q.id, q.sku!, c.signal)).map((a) => ({ key: [a.id], data: answerDoc(q.id, a), extra: { question_id: q.id } })),
    }),
};
