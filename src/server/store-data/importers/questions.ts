/**
 * Questions (/v1/question/list, oldest first, last_id keyset; Ozon returns at
 * most 10 a page) with their answers (/v1/question/answer/list, last_id).
 * Answers are fetched only for questions whose answers_count differs from the
 * answers we hold; a page and its answers commit with the checkpoint. Never swept.
 */
import type { Question, QuestionAnswer } from '../../../shared/domain/service';
import { listAnswers, listQuestions, type OzonAnswer, type OzonQuestion, type PublishedWindow } from '../../ozon/endpoints/feedback';
import { TABLES } from '../tables';
import { applyRows, type RowInput } from '../upsert';
import { mapLimit, type Importer } from './context';
import { childCounts, publishedWindow } from './feedback-common';

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
  async run(ctx) {
    const saved = ctx.cursor ? (JSON.parse(ctx.cursor) as { w: PublishedWindow; last: string }) : null;
    const w = saved?.w ?? publishedWindow(ctx);
    let last = saved?.last ?? '';
    const scope = { workspaceId: ctx.scope.workspaceId, storeId: ctx.scope.storeId };
    for (;;) {
      const page = await listQuestions(ctx.client, w, last, ctx.signal);
      const held = await childCounts(ctx.db, 'question_answers', 'question_id', ctx.scope.storeId, page.questions.map((q) => q.id));
      const stale = page.questions.filter((q) => q.answers_count > 0 && q.sku && (held.get(q.id) ?? 0) !== q.answers_count);
      const answers: RowInput[] = [];
      await mapLimit(stale, 4, async (q) => {
        let after = '';
        for (;;) {
          const res = await listAnswers(ctx.client, q.id, q.sku!, after, ctx.signal);
          for (const a of res.answers) answers.push({ key: [a.id], data: answerDoc(q.id, a), extra: { question_id: q.id } });
          if (!res.answers.length || !res.last_id || res.last_id === after || res.answers.length < 100) break;
          after = res.last_id;
        }
      });
      const rows = page.questions.map((q) => ({ key: [q.id], data: questionDoc(q) }));
      const next = page.has_next && page.last_id ? page.last_id : '';
      await ctx.commit(
        async (trx) => {
          await applyRows(trx, TABLES.question, scope, rows);
          await applyRows(trx, TABLES.question_answer, scope, answers);
        },
        { cursor: next ? JSON.stringify({ w, last: next }) : null, done: ctx.done + rows.length, total: next ? null : ctx.done + rows.length },
      );
      if (!next) break;
      last = next;
    }
  },
};
