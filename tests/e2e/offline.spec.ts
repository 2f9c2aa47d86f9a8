/**
 * Offline-first, end to end (issue 4): an Ozon sandbox and a team server run
 * as their own processes; the app links a sandbox store and syncs, then the
 * server goes away. Edits made meanwhile wait in the queue, survive an app
 * restart (which opens signed in, offline), and reach the server exactly once
 * when it comes back on the same database and port.
 */
import { type App, createTeamOwner, editable, expect, sandboxServerEnv, test } from './support/fixtures';
import { importFinished, onServer, serverStock } from './support/processes';

async function openProduct(app: App, productId: string): Promise<void> {
  await app.id(`product-row-${productId}`).click();
  await expect(app.id('product-drawer')).toHaveAttribute('data-product-id', productId);
}

async function closeDrawer(app: App): Promise<void> {
  await app.page.keyboard.press('Escape');
  await expect(app.id('product-drawer')).toBeHidden();
}

/** Queue rows and their ids (the mutation ids the server records). */
async function queueIds(app: App): Promise<string[]> {
  const rows = app.id('queue-table').locator('[data-testid^="queue-row-"]');
  return (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''))).map((t) => t.replace(/^queue-row-/, ''));
}

/** Type into the products search box and wait for the list to follow. */
async function search(app: App, text: string): Promise<void> {
  await (await editable(app.id('products-search'))).fill(text);
  if (text) await expect(app.page.locator('[data-testid^="product-row-"]')).toHaveCount(1);
}

function money(v: number): string {
  return v.toFixed(2);
}

test('edits made while the team server is down wait, survive an app restart, and are applied once when it returns', async ({ world }) => {
  test.setTimeout(420_000);
  // the processes start side by side: the sandbox and the server it feeds, and the device's app
  const [{ sandbox, server: first, env }, device] = await Promise.all([
    (async () => {
      const sb = await world.ozonSandbox({ products: 30 });
      const serverEnv = sandboxServerEnv(sb.url);
      return { sandbox: sb, server: await world.teamServer({ env: serverEnv }), env: serverEnv };
    })(),
    world.device('a'),
  ]);
  const store = sandbox.stores[0]!;
  let server = first;
  const port = Number(new URL(server.url).port);
  const dbPath = server.dbPath;

  const app = await device.open();
  const o = await createTeamOwner(app, server.url);

  // link the sandbox store with its Client-Id and Api-Key
  await app.shell.linkStore('Sandbox', store);

  // the first sync: the imported products arrive in the local cache
  await app.shell.nav('products').click();
  await expect
    .poll(async () => Number((await app.id('products-total').getAttribute('data-total')) || 0), { timeout: 180_000, message: 'products imported and synced' })
    .toBeGreaterThanOrEqual(3);
  await expect(app.id('sync-indicator')).toHaveAttribute('data-online', 'true', { timeout: 60_000 });
  await expect(app.id('sync-pending-count')).toHaveAttribute('data-count', '0');
  const rowIds = (await app.page.locator('[data-testid^="product-row-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''))).map((t) =>
    t.replace(/^product-row-/, ''),
  );
  const [p1, p2, p3] = rowIds;
  expect(p1 && p2 && p3).toBeTruthy();

  // the store's stocks are imported on the server and pulled here before it goes away: the offline stock edit
  // starts from Ozon's value (on a busy machine the products arrive well before the stocks)
  await expect.poll(() => importFinished(server, 'stocks'), { timeout: 180_000, message: 'stocks imported on the server' }).toBe(true);
  await openProduct(app, p3!);
  const stockCell = app.page.locator('[data-testid^="stock-input-"]').first();
  const warehouseId = ((await stockCell.getAttribute('data-testid')) ?? '').replace(/^stock-input-/, '');
  await expect(await editable(stockCell)).toHaveValue(String(serverStock(server, p3!, warehouseId)?.present ?? 0), { timeout: 60_000 });
  await closeDrawer(app);

  // the server goes away
  await server.stop();

  // 1) a new name
  const newName = `Чайник без сети ${Date.now() % 10000}`;
  await openProduct(app, p1!);
  await (await editable(app.id('product-name-input'))).fill(newName);
  await app.id('product-save').click();
  await expect(app.id('product-pending-name')).toBeVisible();
  await closeDrawer(app);

  // 2) a new price that keeps Ozon's rules (below the old price, not under the minimum)
  await openProduct(app, p2!);
  const priceInput = await editable(app.id('product-price-input'));
  const price = Number(await priceInput.inputValue());
  const oldPrice = Number((await (await editable(app.id('product-old-price-input'))).inputValue()) || 0);
  const minPrice = Number((await (await editable(app.id('product-min-price-input'))).inputValue()) || 0);
  const newPrice = price - 1 >= Math.max(minPrice, 1) ? price - 1 : oldPrice === 0 || price + 1 < oldPrice ? price + 1 : price - 0.5;
  await priceInput.fill(money(newPrice));
  await app.id('product-save').click();
  await expect(app.id('product-pending-price')).toBeVisible();
  await closeDrawer(app);

  // 3) stock on the first warehouse
  await openProduct(app, p3!);
  const stockInput = await editable(app.id(`stock-input-${warehouseId}`));
  const newStock = Number((await stockInput.inputValue()) || 0) + 5;
  await stockInput.fill(String(newStock));
  await app.id(`stock-save-${warehouseId}`).click();
  await expect(app.id(`stock-sync-${warehouseId}`)).toContainText(/\S/);
  await closeDrawer(app);

  // all three wait: the indicator says offline with 3 pending, the queue lists them
  await expect(app.id('sync-indicator')).toHaveAttribute('data-online', 'false', { timeout: 60_000 });
  await expect(app.id('sync-pending-count')).toHaveAttribute('data-count', '3');
  // the renamed row (found by its new name: the list may re-sort) carries the pending badge
  await search(app, newName);
  await expect(app.id(`product-sync-${p1}`)).toHaveAttribute('data-state', 'pending');
  await app.id('sync-indicator').click();
  await expect(app.id('queue-offline')).toBeVisible();
  await expect(app.id('queue-table').locator('[data-testid^="queue-row-"]')).toHaveCount(3);
  const pendingIds = await queueIds(app);

  // the app restarts while the server is still down: signed in, offline, the edits still listed
  await device.restart();
  await device.reopen(app);
  await app.shell.expectSignedIn(o.name);
  await expect(app.id('offline-banner')).toBeVisible();
  await expect(app.id('offline-banner')).toHaveAttribute('data-session', 'offline');
  await expect(app.id('sync-pending-count')).toHaveAttribute('data-count', '3');
  await app.id('sync-indicator').click();
  await expect(app.id('queue-table').locator('[data-testid^="queue-row-"]')).toHaveCount(3);
  expect((await queueIds(app)).sort()).toEqual([...pendingIds].sort());
  // reading from the cache works; server-only settings say they need the connection
  await app.shell.nav('products').click();
  await search(app, newName);
  await expect(app.id(`product-row-${p1}`)).toContainText(newName);
  await app.shell.openSettings();
  await expect(app.id('offline-server-only')).toBeVisible();

  // the server returns on the same port and database: the session is confirmed, the queue drains
  server = await world.teamServer({ dbPath, port, env });
  await expect(app.id('offline-banner')).toBeHidden({ timeout: 60_000 });
  await expect(app.id('sync-pending-count')).toHaveAttribute('data-count', '0', { timeout: 60_000 });
  await expect(app.id('sync-indicator')).toHaveAttribute('data-online', 'true');
  await app.id('sync-indicator').click();
  await expect(app.id('queue-empty')).toBeVisible();
  await app.shell.nav('products').click();
  await search(app, newName);
  await expect(app.id(`product-row-${p1}`)).toContainText(newName);
  await expect(app.id(`product-sync-${p1}`)).toHaveCount(0);
  await search(app, '');
  await expect(app.page.locator('[data-testid^="product-row-"]').first()).toBeVisible();
  await expect(app.page.locator('[data-testid^="product-sync-"]')).toHaveCount(0);

  // on the server: each edit applied exactly once, with the values typed offline
  const rows = onServer(server, (db) => db.prepare('select mutation_id, status from sync_mutations').all()) as { mutation_id: string; status: string }[];
  expect(rows.map((r) => r.mutation_id).sort()).toEqual([...pendingIds].sort());
  expect(rows.every((r) => r.status === 'applied')).toBe(true);
  const product = (id: string) => JSON.parse(onServer(server, (db) => (db.prepare('select data from products where product_id = ?').get(id) as { data: string }).data)) as Record<string, unknown>;
  expect(product(p1!).name).toBe(newName);
  expect(Number(product(p2!).price)).toBe(newPrice);
  expect(serverStock(server, p3!, warehouseId)?.present).toBe(newStock);
});
