/** Request bodies are decoded like Ozon's protobuf gateway (protojson). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { boot, call } from './helpers';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await boot({ products: 20, historyDays: 0, rateLimits: false });
});
afterAll(async () => sb?.close());

const err = async (body: string, path = '/v3/product/list'): Promise<{ status: number; message: string; code: number }> => {
  const r = await call(sb, path, body);
  return { status: r.status, message: r.json?.message, code: r.json?.code };
};

describe('strict JSON decoding', () => {
  it('malformed JSON → 400 code 3 "proto: syntax error (line L:C): …" with the token position', async () => {
    expect(await err('{"limit": 10,}')).toEqual({ status: 400, code: 3, message: 'proto: syntax error (line 1:14): unexpected token }' });
    expect(await err('{"limit": 10 "x": 1}')).toEqual({ status: 400, code: 3, message: 'proto: syntax error (line 1:14): unexpected token "x"' });
    expect(await err('{\n  "limit": tru\n}')).toEqual({ status: 400, code: 3, message: 'proto: syntax error (line 2:12): invalid value tru' });
    expect((await err('{"limit": 1')).message).toBe('proto: unexpected EOF');
  });

  it('wrong scalar type → "proto: (line L:C): invalid value for <kind> field <name>: <token>"', async () => {
    expect(await err('{"limit": "abc"}')).toEqual({ status: 400, code: 3, message: 'proto: (line 1:11): invalid value for int64 field limit: "abc"' });
    expect(await err('{"limit": 1.5}')).toMatchObject({ status: 400, message: 'proto: (line 1:11): invalid value for int64 field limit: 1.5' });
    expect(await err('{"limit": [1]}')).toMatchObject({ status: 400, message: 'proto: (line 1:11): invalid value for int64 field limit: [' });
    expect(await err('{"limit": 1, "last_id": 5}')).toMatchObject({ status: 400, message: 'proto: (line 1:25): invalid value for string field last_id: 5' });
  });

  it('an array where a message is expected (and vice versa) is a syntax error, as in Ozon\'s real 400', async () => {
    expect(await err('{"limit": 1, "filter": []}')).toMatchObject({ status: 400, message: 'proto: syntax error (line 1:24): unexpected token [' });
    expect(await err('{"limit": 1, "filter": {"offer_id": "A"}}')).toMatchObject({ status: 400, message: 'proto: syntax error (line 1:37): unexpected token "A"' });
    expect(await err('[]')).toMatchObject({ status: 400, message: 'proto: syntax error (line 1:1): unexpected token [' });
  });

  it('int64 accepts numeric strings; null means unset; camelCase names are accepted; unknown fields are ignored', async () => {
    const a = await call(sb, '/v3/product/list', '{"limit": "3", "last_id": null, "filter": null}');
    expect(a.status).toBe(200);
    expect(a.json.result.items).toHaveLength(3);
    const b = await call(sb, '/v3/product/list', { limit: 2, lastId: a.json.result.last_id, bogus_field: { x: 1 } });
    expect(b.status).toBe(200);
    expect(b.json.result.items[0].product_id).toBeGreaterThan(a.json.result.items[2].product_id);
  });

  it('duplicate fields are rejected; an empty body is an empty message (then field validation applies)', async () => {
    expect(await err('{"limit": 1, "limit": 2}')).toMatchObject({ status: 400, message: 'proto: (line 1:14): duplicate field "limit"' });
    expect(await err('')).toEqual({ status: 400, code: 3, message: 'invalid GetProductListRequest.Limit: value must be inside range [1, 1000]' });
  });

  it('RFC 3339 timestamps are enforced for Timestamp fields', async () => {
    const r = await call(sb, '/v4/posting/fbs/list', { limit: 10, filter: { since: '2026-06-01', to: '2026-06-02T00:00:00Z' } });
    expect(r.status).toBe(400);
    expect(r.json.message).toMatch(/^proto: \(line 1:\d+\): invalid google\.protobuf\.Timestamp value "2026-06-01"$/);
  });
});
