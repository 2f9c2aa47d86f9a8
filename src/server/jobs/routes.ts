/**
 * /api/v1/stores/:id/jobs and /api/v1/jobs/:id (products.view): export jobs
 * and their items, filtered by item state and change set.
 * POST /api/v1/stores/:id/exports: an action for Ozon from an integration —
 * applied as an `action` sync mutation (src/server/sync/actions.ts), so the
 * checks, the idempotency record and the feed entry are the sync path's own.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { Id } from '../../shared/http/common';
import {
  CreateExportHeaders,
  CreateExportRequest,
  CreateExportResponse,
  IDEMPOTENCY_HEADER,
  JobDetail,
  JobDetailQuery,
  JobList,
  JobListQuery,
  type Job,
  type JobItem,
} from '../../shared/http/jobs';
import type { Role } from '../../shared/roles';
import type { MutationResult } from '../../shared/sync/protocol';
import type { AppContext } from '../context';
import type { DB, JobItemsTable, JobsTable } from '../db/schema';
import { nowIso } from '../db/ids';
import { authOf, requireAuth, requirePermission } from '../http/authenticate';
import { AppError } from '../http/problem';
import { bearer, problems } from '../routes/shared';
import { applyMutations } from '../sync/push';

const tags = ['jobs'];
const IdParams = z.strictObject({ id: Id });

async function countsOf(db: Kysely<DB>, jobIds: string[]): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  if (!jobIds.length) return out;
  const rows = await db
    .selectFrom('job_items')
    .select(['job_id', 'state', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('job_id', 'in', jobIds)
    .groupBy(['job_id', 'state'])
    .execute();
  for (const r of rows) out.set(r.job_id, { ...(out.get(r.job_id) ?? {}), [r.state]: Number(r.n) });
  return out;
}

function jobDto(j: JobsTable, counts: Record<string, number>): Job {
  return {
    id: j.id,
    storeId: j.store_id,
    kind: j.kind,
    state: j.state,
    changeSetId: j.change_set_id,
    totalItems: j.total_items,
    counts,
    lastError: j.last_error,
    createdAt: j.created_at,
    updatedAt: j.updated_at,
    finishedAt: j.finished_at,
  };
}

const parse = (s: string | null): unknown => {
  if (s === null) return null;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
};

function itemDto(i: JobItemsTable): JobItem {
  return {
    id: i.id,
    kind: i.kind,
    entity: i.entity,
    key: i.row_key,
    values: parse(i.payload),
    state: i.state,
    attempts: i.attempts,
    attemptId: i.attempt_id,
    sentAt: i.sent_at,
    notBefore: i.not_before,
    errorCode: i.error_code,
    errorMessage: i.error_message,
    readback: parse(i.readback),
    changeSetId: i.change_set_id,
    sourceMutationId: i.source_mutation_id,
    supersededBy: i.superseded_by,
    settledAt: i.settled_at,
    updatedAt: i.updated_at,
  };
}

/** A refused action as problem+json: the rejection code travels in `fields` (and `detail`). */
function rejectionError(r: Extract<MutationResult, { status: 'rejected' }>): AppError {
  const { code, field, message } = r.reason;
  const detail = message ? `${code}: ${message}` : code;
  const fields = [{ path: field ?? 'key', code }];
  if (code === 'FORBIDDEN') return new AppError('FORBIDDEN', { detail });
  if (code === 'UNKNOWN_STORE' || code === 'UNKNOWN_ROW') return new AppError('NOT_FOUND', { detail, fields });
  if (code === 'ACTION_INVALID') return new AppError('VALIDATION_FAILED', { detail, fields });
  return new AppError('CONFLICT', { detail, fields });
}

export function jobRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const view = requirePermission(ctx, 'products.view');
    const schema = { tags, security: bearer };
    const db = ctx.db;

    app.get('/api/v1/stores/:id/jobs', { schema: { ...schema, params: IdParams, querystring: JobListQuery, response: { 200: JobList, ...problems } }, preHandler: view }, async (req) => {
      const ws = authOf(req).account.workspace_id;
      const store = await db.selectFrom('stores').select('id').where('id', '=', req.params.id).where('workspace_id', '=', ws).executeTakeFirst();
      if (!store) throw new AppError('NOT_FOUND', {}, 404);
      let q = db.selectFrom('jobs').selectAll().where('store_id', '=', store.id);
      if (req.query.state) q = q.where('state', '=', req.query.state);
      if (req.query.kind) q = q.where('kind', '=', req.query.kind);
      const jobs = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(req.query.limit).execute();
      const counts = await countsOf(db, jobs.map((j) => j.id));
      return { jobs: jobs.map((j) => jobDto(j, counts.get(j.id) ?? {})) };
    });

    app.post(
      '/api/v1/stores/:id/exports',
      {
        schema: { ...schema, params: IdParams, headers: CreateExportHeaders, body: CreateExportRequest, response: { 202: CreateExportResponse, ...problems } },
        preHandler: requireAuth(ctx),
      },
      async (req, reply) => {
        const { account } = authOf(req);
        const header = req.headers[IDEMPOTENCY_HEADER];
        const fromHeader = typeof header === 'string' ? header : undefined;
        const idem = req.body.idempotencyKey ?? fromHeader;
        if (!idem) throw new AppError('VALIDATION_FAILED', { detail: `an ${IDEMPOTENCY_HEADER} header or idempotencyKey field is required`, fields: [{ path: 'idempotencyKey', code: 'required' }] });
        if (fromHeader && req.body.idempotencyKey && fromHeader !== req.body.idempotencyKey) {
          throw new AppError('VALIDATION_FAILED', { detail: 'the Idempotency-Key header and idempotencyKey differ', fields: [{ path: 'idempotencyKey', code: 'mismatch' }] });
        }
        const store = await db.selectFrom('stores').select('id').where('id', '=', req.params.id).where('workspace_id', '=', account.workspace_id).executeTakeFirst();
        if (!store) throw new AppError('NOT_FOUND', {}, 404);
        const actor = { workspaceId: account.workspace_id, accountId: account.id, role: account.role as Role };
        const { kind, key, values, changeSetId } = req.body;
        const out = await applyMutations(ctx.db, actor, [
          { id: idem, entity: 'action', storeId: store.id, kind, key, values, ...(changeSetId ? { changeSetId } : {}), createdAt: nowIso() },
        ]);
        const r = out.results[0]!;
        if (r.status === 'rejected') throw rejectionError(r);
        // the item this key enqueued (a key first used for another store or for a field edit has none here)
        const item = await db.selectFrom('job_items').select(['id', 'job_id']).where('store_id', '=', store.id).where('source_mutation_id', '=', idem).where('kind', '=', kind).executeTakeFirst();
        if (r.status !== 'applied' || !item) throw new AppError('CONFLICT', { detail: `idempotency key ${idem} was already used for another request` });
        return reply.code(202).send({ itemId: item.id, jobId: item.job_id });
      },
    );

    app.get('/api/v1/jobs/:id', { schema: { ...schema, params: IdParams, querystring: JobDetailQuery, response: { 200: JobDetail, ...problems } }, preHandler: view }, async (req) => {
      const ws = authOf(req).account.workspace_id;
      const job = await db.selectFrom('jobs').selectAll().where('id', '=', req.params.id).where('workspace_id', '=', ws).executeTakeFirst();
      if (!job) throw new AppError('NOT_FOUND', {}, 404);
      let q = db.selectFrom('job_items').selectAll().where('job_id', '=', job.id);
      if (req.query.state) q = q.where('state', '=', req.query.state);
      if (req.query.changeSetId) q = q.where('change_set_id', '=', req.query.changeSetId);
      if (req.query.after) q = q.where('id', '>', req.query.after);
      const rows = await q.orderBy('id').limit(req.query.limit + 1).execute();
      const page = rows.slice(0, req.query.limit);
      const counts = await countsOf(db, [job.id]);
      return { job: jobDto(job, counts.get(job.id) ?? {}), items: page.map(itemDto), nextAfter: rows.length > req.query.limit ? page[page.length - 1]!.id : null };
    });
  };
}
