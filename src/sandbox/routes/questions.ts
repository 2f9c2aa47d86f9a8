/**
 * Questions: /v1/question/list, /v1/question/answer/create, /v1/question/answer/list.
 * The spec caps a /v1/question/list page at 10 questions (response maxItems 10)
 * while accepting limit ≤ 100: pages hold min(limit, 10); follow has_next.
 * Errors of these methods use the spec's own shape, where `details` is a string.
 */
import { ts } from '../util/time';
import { Check, msg, num, str } from '../protocol/validate';
import { invalidArgument, notFound } from '../protocol/errors';
import { keysetPage, newChildId } from './feedback-common';
import type { RouteDef } from './context';

export const QUESTION_PAGE_MAX = 10;

interface QuestionRow {
  id: string;
  sku: number;
  product_id: number;
  text: string;
  author_name: string;
  published_at: number;
  status: string;
}

export const questionRoutes: RouteDef[] = [
  {
    path: '/v1/question/list',
    errorDetails: 'string',
    handler: ({ w, store, body }) => {
      const check = new Check('QuestionListRequest');
      const limit = Math.min(check.range('limit', num(body.limit) || 100, 1, 100), QUESTION_PAGE_MAX);
      const f = msg(body.filter);
      const where: string[] = [];
      const args: (string | number)[] = [];
      const status = str(f?.status);
      if (status && status !== 'ALL') {
        if (status === 'UNPROCESSED') where.push("status <> 'PROCESSED'");
        else {
          where.push('status = ?');
          args.push(status);
        }
      }
      const { page, hasNext, lastId } = keysetPage<QuestionRow>(w, body, { table: 'questions', storeId: store.id, where, args, from: str(f?.date_from), to: str(f?.date_to), limit });
      const answers = w.db.prepare('SELECT COUNT(*) AS n FROM answers WHERE question_id = ?');
      return {
        questions: page.map((q) => ({
          answers_count: (answers.get(q.id) as { n: number }).n,
          author_name: q.author_name,
          id: q.id,
          product_url: `https://www.ozon.ru/product/${q.product_id}/`,
          published_at: ts(q.published_at),
          question_link: `https://www.ozon.ru/product/${q.product_id}/questions/?qid=${q.id}`,
          sku: q.sku,
          status: q.status,
          text: q.text,
        })),
        last_id: lastId,
        has_next: hasNext,
      };
    },
  },
  {
    path: '/v1/question/answer/create',
    errorDetails: 'string',
    handler: ({ w, store, body }) => {
      const check = new Check('QuestionAnswerCreateRequest');
      const qid = check.required('question_id', str(body.question_id));
      const sku = check.required('sku', num(body.sku));
      const text = str(body.text);
      if ([...text].length < 2 || [...text].length > 3000) throw invalidArgument('invalid QuestionAnswerCreateRequest.Text: value length must be between 2 and 3000 runes, inclusive');
      const q = w.db.prepare('SELECT id FROM questions WHERE id = ? AND store_id = ? AND sku = ?').get(qid, store.id, sku);
      if (!q) throw notFound('question not found');
      const { id, seq, now } = newChildId(w, 'answer', 'answer');
      w.db.prepare('INSERT INTO answers(id, question_id, seq, sku, text, author_name, published_at, status_publication) VALUES (?,?,?,?,?,?,?,?)').run(id, qid, seq, sku, text, store.name, now, 'PUBLISHED');
      w.db.prepare("UPDATE questions SET status = 'PROCESSED' WHERE id = ?").run(qid);
      return { answer_id: id };
    },
  },
  {
    path: '/v1/question/answer/list',
    errorDetails: 'string',
    handler: ({ w, store, body }) => {
      const check = new Check('QuestionAnswerListRequest');
      const qid = check.required('question_id', str(body.question_id));
      const sku = check.required('sku', num(body.sku));
      if (!w.db.prepare('SELECT 1 FROM questions WHERE id = ? AND store_id = ? AND sku = ?').get(qid, store.id, sku)) throw notFound('question not found');
      const lastSeq = str(body.last_id) ? ((w.db.prepare('SELECT seq FROM answers WHERE id = ?').get(str(body.last_id)) as { seq: number } | undefined)?.seq ?? 0) : 0;
      const rows = w.db.prepare('SELECT * FROM answers WHERE question_id = ? AND seq > ? ORDER BY seq LIMIT 100').all(qid, lastSeq) as {
        id: string;
        question_id: string;
        sku: number;
        text: string;
        author_name: string;
        published_at: number;
        status_publication: string;
      }[];
      return {
        answers: rows.map((a) => ({ author_name: a.author_name, id: a.id, published_at: ts(a.published_at), question_id: a.question_id, sku: a.sku, status_publication: a.status_publication, text: a.text })),
        last_id: rows.length ? rows[rows.length - 1]!.id : '',
      };
    },
  },
];
