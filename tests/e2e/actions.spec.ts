/**
 * Actions from the desktop (issues 3+4) end to end: an Ozon sandbox feeds a
 * team server; the app links the sandbox store, syncs, ships an FBS posting
 * awaiting packaging from the order drawer and replies to a review from the
 * customer-service drawer. Both are queued on this computer, sent through
 * sync, carried to Ozon by the export runner — and read back from the
 * sandbox's own API.
 */
import { ozonPost } from '../helpers/ozon-sandbox';
import { createTeamOwner, editable, expect, test, withSandboxStore } from './support/fixtures';

test('ships an order and replies to a review from the UI; the sandbox shows both', async ({ world }) => {
  test.setTimeout(240_000);
  await withSandboxStore(world, { stores: 1, products: 30, historyDays: 7, seed: 21, timeScale: 0, shipFailRate: 0 }, async ({ sb: s, server, device }) => {
    const keys = s.stores[0]!;
    // a posting Ozon waits for the seller to pack: a new order placed now (the seeded history may have none left
    // unpacked, depending on the hour the run starts; the sandbox's clock stands still, so it stays unpacked)
    const [postingNumber = ''] = s.control.createPostings(keys.clientId, 1, 'fbs');
    const placed = await ozonPost(s, 0, '/v3/posting/fbs/get', { posting_number: postingNumber });
    expect(placed.result?.status, 'a posting awaiting packaging in the sandbox').toBe('awaiting_packaging');

    const app = await device.open();
    await createTeamOwner(app, server.url);
    await app.shell.linkStore('Sandbox', keys);

    // Orders: find the posting, open it, ship it in one package (the default)
    await app.shell.nav('orders').click();
    await (await editable(app.id('orders-search'))).fill(postingNumber);
    await app.id(`order-row-${postingNumber}`).click({ timeout: 120_000 });
    await expect(app.id('order-drawer')).toHaveAttribute('data-status', 'awaiting_packaging');
    // Escape closes a modal, and the next Escape at once the drawer: a modal still animating out
    // would keep the key (antd hands Escape to the newest open layer only)
    await app.id('order-cancel').click();
    await expect(app.id('cancel-modal')).toBeVisible();
    await app.page.keyboard.press('Escape');
    await app.page.keyboard.press('Escape');
    await expect(app.id('order-drawer')).toBeHidden();
    await app.id(`order-row-${postingNumber}`).click();
    await expect(app.id('order-drawer')).toHaveAttribute('data-status', 'awaiting_packaging');
    await app.id('order-ship').click();
    await expect(app.id('ship-modal')).toBeVisible();
    await expect(app.id('ship-problem')).toHaveCount(0);
    await app.id('ship-confirm').click();
    // queued on this computer (or already on its way), then accepted by the server
    await expect(app.id('order-action')).toBeVisible();
    await expect(app.id('order-action-sent')).toBeVisible({ timeout: 30_000 });
    await expect(app.id('order-ship')).toBeDisabled({ timeout: 60_000 });
    // Ozon (the sandbox) has it: the posting left "awaiting packaging"
    await expect
      .poll(async () => (await ozonPost(s, 0, '/v3/posting/fbs/get', { posting_number: postingNumber })).result?.status, { timeout: 60_000, message: 'the sandbox shipped the posting' })
      .toBe('awaiting_deliver');
    // the posting reloads with Ozon's new status while its drawer is open (the read-back writes the row):
    // the status and the offered actions follow, and Escape still closes the drawer
    await expect(app.id('order-drawer')).toHaveAttribute('data-status', 'awaiting_deliver', { timeout: 30_000 });
    await expect(app.id('order-ship')).toBeDisabled();
    await app.page.keyboard.press('Escape');
    await expect(app.id('order-drawer')).toBeHidden();

    // Customer service: reply to the first review
    await app.shell.nav('service').click();
    const review = app.page.locator('[data-testid^="review-row-"]').first();
    await expect(review).toBeVisible({ timeout: 60_000 });
    await review.click();
    await expect(app.id('review-drawer')).toBeVisible();
    const reviewId = (await app.id('review-drawer').getAttribute('data-review-id')) ?? '';
    expect(reviewId).not.toBe('');
    const reply = `Спасибо за отзыв! ${Date.now() % 100000}`;
    await (await editable(app.id('review-reply-text'), 'textarea')).fill(reply);
    await app.id('review-reply-send').click();
    // the reply shows in the thread while it is queued / sending, then the server accepts it
    await expect(app.id('review-comments').getByText(reply)).toBeVisible();
    await expect(app.id('review-reply-state-sent')).toBeVisible({ timeout: 30_000 });
    await expect
      .poll(
        async () => {
          const r = await ozonPost(s, 0, '/v1/review/comment/list', { review_id: reviewId, limit: 100, sort_dir: 'ASC' });
          return ((r.comments ?? []) as { text: string }[]).some((c) => c.text === reply);
        },
        { timeout: 60_000, message: 'the sandbox has the reply' },
      )
      .toBe(true);
    // replying processes the review on Ozon (mark_review_as_processed), so it leaves the seller's to-answer count
    const processed: string[] = [];
    for (let lastId = '', pages = 0; pages < 200; pages++) {
      const r = await ozonPost(s, 0, '/v2/review/list', { limit: 100, sort_dir: 'DESC', last_id: lastId, filters: { status: 'PROCESSED' } });
      processed.push(...((r.reviews ?? []) as { id: string }[]).map((x) => x.id));
      if (!r.has_next) break;
      lastId = r.last_id as string;
    }
    expect(processed).toContain(reviewId);
    // nothing is left in the queue
    await expect(app.id('sync-pending-count')).toHaveAttribute('data-count', '0');
  });
});
