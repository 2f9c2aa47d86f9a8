/** Bits every route module uses: documented error responses and the bearer security requirement. */
import { z } from 'zod';
import { Problem } from '../../shared/http/common';

/** Documented error shape; actual problem bodies are sent by the error handler. */
export const problems = { '4xx': Problem, '5xx': Problem } as const;
export const bearer = [{ bearerAuth: [] }];
export const OK = { ok: true as const };

/** Bodyless POSTs: no body, `null`, or `{}` — anything else is VALIDATION_FAILED. */
export const EmptyBody = z.strictObject({}).nullish();
