/**
 * Shared set-up of the action export tests (jobs-postings, jobs-feedback,
 * jobs-promotions): the export runner harness (export-env.ts) with a sandbox
 * of 120 products and no generated orders unless the test asks for them.
 *
 * The sandbox runs in real time (timeScale 1, starting now) so that Ozon's
 * created_at of a reply and the runner's sent_at share one clock, as they do
 * (within seconds) with the real Ozon.
 */
import type { SandboxOptions } from '../../../src/sandbox/index';
import type { ExportKind } from '../../../src/server/jobs/enqueue';
import type { DbKind } from './harness';
import { startExportEnv, type ExportEnv } from './export-env';

export { expectAppliedOrFailedWithReason, expectValidExchanges, withFaults, type Req, type Row } from './export-env';
export type ActionEnv = ExportEnv;

export function startActionEnv(kind: DbKind, kinds: ExportKind[], sbOpts: SandboxOptions = {}): Promise<ActionEnv> {
  return startExportEnv(kind, { kinds, sandbox: { products: 120, timeScale: 1, startTime: Date.now(), ordersPerDay: 0, historyDays: 3, ...sbOpts } });
}
