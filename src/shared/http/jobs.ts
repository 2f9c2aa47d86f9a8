/**
 * HTTP contract of Ozon export jobs (issue 3 "Export"): a job groups the
 * items of one kind (and change set) for a store; each item is one change on
 * its way to Ozon with its state and Ozon's reason.
 *
 * GET /api/v1/stores/:id/jobs?state=&kind=&limit=       → JobList
 * GET /api/v1/jobs/:id?state=&changeSetId=&after=&limit= → JobDetail (items paged by id)
 * POST /api/v1/stores/:id/exports (Idempotency-Key header or `idempotencyKey`) → 202 CreateExportResponse
 */
import { z } from 'zod';
import { ACTION_KINDS, EXPORT_KINDS } from '../exports';
import { checkActionShape } from '../sync/protocol';

export const JOB_KINDS = EXPORT_KINDS;
export const JobKind = z.enum(JOB_KINDS);
export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export const JobState = z.enum(JOB_STATES);
/** 'written': Ozon said updated, read-back pending. 'superseded': a newer value replaced it before it was sent. */
export const JOB_ITEM_STATES = ['pending', 'sending', 'written', 'applied', 'failed', 'drifted', 'superseded'] as const;
export const JobItemState = z.enum(JOB_ITEM_STATES);

export const JobCounts = z.record(JobItemState, z.number().int()).describe('items per state');

export const Job = z.object({
  id: z.string(),
  storeId: z.string(),
  kind: z.string(),
  state: z.string(),
  changeSetId: z.string().nullable(),
  totalItems: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof Job>;

export const JobItem = z.object({
  id: z.string(),
  kind: z.string().nullable(),
  entity: z.string().nullable(),
  key: z.string().nullable(),
  values: z.unknown(),
  state: z.string(),
  attempts: z.number().int(),
  attemptId: z.string().nullable(),
  sentAt: z.string().nullable(),
  notBefore: z.string().nullable(),
  /** Ozon's code ('held' while waiting on a limit) */
  errorCode: z.string().nullable(),
  /** Ozon's message, or why the item waits */
  errorMessage: z.string().nullable(),
  /** what Ozon showed on read-back */
  readback: z.unknown().nullable(),
  changeSetId: z.string().nullable(),
  sourceMutationId: z.string().nullable(),
  supersededBy: z.string().nullable(),
  settledAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type JobItem = z.infer<typeof JobItem>;

export const JobListQuery = z.strictObject({
  state: JobState.optional(),
  kind: JobKind.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const JobList = z.object({ jobs: z.array(Job) });
export type JobList = z.infer<typeof JobList>;

export const JobDetailQuery = z.strictObject({
  state: JobItemState.optional(),
  changeSetId: z.string().max(64).optional(),
  after: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const JobDetail = z.object({ job: Job, items: z.array(JobItem), nextAfter: z.string().nullable() });
export type JobDetail = z.infer<typeof JobDetail>;

/**
 * An action for Ozon queued by an integration (or a test): the same checks
 * as an `action` mutation pushed through sync (permission per kind, store,
 * target row, the row's state) and the same at-most-once key space — a
 * retried idempotency key answers the first result.
 */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_.:-]{8,64}$/, 'use 8–64 letters, digits, "_", ".", ":" or "-" (a UUID fits)');
export const CreateExportRequest = z
  .strictObject({
    kind: z.enum(ACTION_KINDS),
    /** the target row's key: posting number, review/question/chat id, "actionId:productId", product id */
    key: z.string().min(1).max(64),
    values: z.record(z.string(), z.unknown()),
    changeSetId: z.string().max(64).optional(),
    /** alternative to the Idempotency-Key header (when both are given they must agree) */
    idempotencyKey: IdempotencyKey.optional(),
  })
  .superRefine((b, ctx) => checkActionShape(b.kind, b.key, b.values, ctx));
export type CreateExportRequest = z.infer<typeof CreateExportRequest>;
export const CreateExportHeaders = z.looseObject({ [IDEMPOTENCY_HEADER]: IdempotencyKey.optional() });
export const CreateExportResponse = z.object({ itemId: z.string(), jobId: z.string() });
export type CreateExportResponse = z.infer<typeof CreateExportResponse>;
