/** Performance (ads) API: client-credentials token, campaigns, daily statistics (JSON and CSV). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { validateResponse } from './openapi';
import { boot } from './helpers';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await boot({ products: 10, historyDays: 0 });
});
afterAll(async () => sb?.close());

const token = async (clientId: string, clientSecret: string): Promise<Response> =>
  fetch(`${sb.url}/api/client/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ client_id: clientId, client_secret: clientSecret, grant_type: 'client_credentials' }) });

describe('Performance API', () => {
  it('token → campaigns → daily statistics', async () => {
    const { clientId, clientSecret } = sb.stores[0]!.performance;
    const t = await token(clientId, clientSecret);
    expect(t.status).toBe(200);
    const tok = (await t.json()) as { access_token: string; expires_in: number; token_type: string };
    expect(tok).toMatchObject({ expires_in: 1800, token_type: 'Bearer' });
    const auth = { Authorization: `Bearer ${tok.access_token}` };

    const camps = (await (await fetch(`${sb.url}/api/client/campaign`, { headers: auth })).json()) as { list: { id: string }[] };
    expect(camps.list.length).toBeGreaterThan(0);
    expect(validateResponse('/api/client/campaign', 200, camps, { api: 'performance', method: 'get' })).toEqual([]);

    const ids = camps.list.slice(0, 2).map((c) => c.id);
    const q = `campaignIds=${ids.join('&campaignIds=')}&dateFrom=2026-06-10&dateTo=2026-06-14`;
    const daily = (await (await fetch(`${sb.url}/api/client/statistics/daily/json?${q}`, { headers: auth })).json()) as { rows: { id: string }[] };
    expect(daily.rows.length).toBeGreaterThan(0);
    expect(daily.rows[0]).toHaveProperty('moneySpent');
    expect(daily.rows.every((r) => ids.includes(r.id))).toBe(true);
    const csv = await fetch(`${sb.url}/api/client/statistics/daily?${q}`, { headers: auth });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\n')[0]).toContain('ID;Название;Дата');
  });

  it('bad credentials and missing/foreign tokens are refused with {error}', async () => {
    const bad = await token('nobody@advertising.performance.ozon.ru', 'x');
    expect(bad.status).toBe(401);
    const noTok = await fetch(`${sb.url}/api/client/campaign`);
    expect(noTok.status).toBe(401);
    const body = await noTok.json();
    expect(validateResponse('/api/client/campaign', 401, body, { api: 'performance', method: 'get' })).toEqual([]);
  });
});
