/**
 * The Dashboard's store summary end to end: an Ozon sandbox store linked to a
 * team server is synced, and the Dashboard shows its figures from the local
 * cache — the FBS postings awaiting packaging and shipment as Ozon itself
 * lists them, and two weeks of sales charted by day.
 */
import type { RunningSandbox } from '../../src/sandbox/index';
import { ozonPost } from '../helpers/ozon-sandbox';
import { createTeamOwner, expect, test, withSandboxStore } from './support/fixtures';

const DAY = 86_400_000;

/** FBS postings of `status` as Ozon's unfulfilled list answers them (every page). */
async function ozonCount(sb: RunningSandbox, status: string): Promise<number> {
  let n = 0;
  let cursor = '';
  for (;;) {
    const r = await ozonPost(sb, 0, '/v4/posting/fbs/unfulfilled/list', {
      limit: 100,
      cursor,
      filter: { cutoff_from: new Date(Date.now() - 90 * DAY).toISOString(), cutoff_to: new Date(Date.now() + 90 * DAY).toISOString(), statuses: [status] },
    });
    n += (r.postings as unknown[]).length;
    if (!r.has_next || !r.cursor) return n;
    cursor = r.cursor as string;
  }
}

test('the Dashboard sums up the synced sandbox store', async ({ world }) => {
  test.setTimeout(300_000);
  await withSandboxStore(world, { stores: 1, products: 60, historyDays: 14, seed: 11, timeScale: 0 }, async ({ sb, server, device }) => {
    const app = await device.open();
    await createTeamOwner(app, server.url);
    await app.shell.linkStore('Sandbox', sb.stores[0]!);

    await app.shell.nav('dashboard').click();
    // the first import ends (its progress card goes away), then the figures settle on Ozon's
    await expect.poll(async () => Number((await app.id('dashboard-products-total').getAttribute('data-value')) ?? 0), { timeout: 180_000 }).toBeGreaterThan(0);
    await expect(app.id('import-progress')).toBeHidden({ timeout: 180_000 });
    const packaging = await ozonCount(sb, 'awaiting_packaging');
    const deliver = await ozonCount(sb, 'awaiting_deliver');
    expect(packaging + deliver).toBeGreaterThan(0);
    await expect(app.id('dashboard-awaiting-packaging')).toHaveAttribute('data-value', String(packaging), { timeout: 60_000 });
    await expect(app.id('dashboard-awaiting-deliver')).toHaveAttribute('data-value', String(deliver));
    await expect(app.id('dashboard-sales-chart')).toHaveAttribute('data-points', '14');
    await expect(app.id('dashboard-sales-chart').locator('canvas')).toHaveCount(1);
    expect(Number(await app.id('dashboard-sales-orders').getAttribute('data-value'))).toBeGreaterThan(0);

    // a figure opens the page that lists what it counts
    await app.id('dashboard-awaiting-packaging').click();
    await expect(app.id('page-title')).toHaveText('Orders');
  });
});
