import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bytesSchema, createApiClient, problemToIpcError } from '../../src/main/core/api-client';
import { AppError } from '../../src/main/core/errors';
import { quietLogger } from './helpers';

let server: http.Server;
let base: string;
const seen: Array<{ url: string; auth: string | undefined; type: string | undefined; body: string }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization, type: req.headers['content-type'], body });
      const json = (status: number, data: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/problem+json', ...headers });
        res.end(JSON.stringify(data));
      };
      if (req.url === '/ok') return json(200, { value: 1, extra: 'dropped' });
      if (req.url === '/locked') return json(423, { type: 'x', title: 'Locked', status: 423, code: 'ACCOUNT_LOCKED', lockedUntil: '2030-01-01T00:00:00Z', detail: 'secret detail' });
      if (req.url === '/rate') return json(429, { type: 'x', title: 'Slow down', status: 429, code: 'RATE_LIMITED' }, { 'retry-after': '17' });
      if (req.url === '/fields') return json(400, { type: 'x', title: 'Bad', status: 400, code: 'VALIDATION_FAILED', fields: [{ path: 'email', code: 'invalid' }, { nope: 1 }] });
      if (req.url === '/future') return json(400, { type: 'x', title: 'New', status: 400, code: 'SOME_FUTURE_CODE' });
      if (req.url === '/spoof') return json(403, { type: 'x', title: 'Spoof', status: 403, code: 'IPC_SENDER_REFUSED' });
      if (req.url === '/html') {
        res.writeHead(502, { 'content-type': 'text/html' });
        return res.end('<h1>Bad gateway</h1>');
      }
      if (req.url === '/redirect') {
        res.writeHead(302, { location: 'http://127.0.0.1:1/steal' });
        return res.end();
      }
      json(404, { type: 'x', title: 'Not found', status: 404, code: 'NOT_FOUND' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function errorOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).ipc;
  }
  throw new Error('expected a failure');
}

describe('API client', () => {
  const api = () => createApiClient(base, quietLogger());
  const schema = z.object({ value: z.number() });

  it('parses success bodies with the schema (unknown fields dropped)', async () => {
    expect(await api().request({ method: 'GET', path: '/ok', schema })).toEqual({ value: 1 });
  });

  it('sends the bearer token and JSON, and {} for body-less POSTs', async () => {
    await api().request({ method: 'POST', path: '/ok', schema, accessToken: 'acc' });
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ auth: 'Bearer acc', type: 'application/json', body: '{}' });
  });

  it('maps problem+json to IpcError fields only', async () => {
    expect(await errorOf(api().request({ method: 'POST', path: '/locked', schema }))).toEqual({ code: 'ACCOUNT_LOCKED', lockedUntil: '2030-01-01T00:00:00Z' });
    expect(await errorOf(api().request({ method: 'POST', path: '/rate', schema }))).toEqual({ code: 'RATE_LIMITED', retryAfter: 17 });
    expect(await errorOf(api().request({ method: 'POST', path: '/fields', schema }))).toEqual({ code: 'VALIDATION_FAILED', fields: [{ path: 'email', code: 'invalid' }] });
  });

  it('falls back to the status for unknown or client-only codes', async () => {
    expect(await errorOf(api().request({ method: 'GET', path: '/future', schema }))).toEqual({ code: 'INTERNAL' });
    expect(await errorOf(api().request({ method: 'GET', path: '/spoof', schema }))).toEqual({ code: 'FORBIDDEN' });
    expect(await errorOf(api().request({ method: 'GET', path: '/html', schema }))).toEqual({ code: 'SERVER_UNREACHABLE' });
  });

  it('does not follow redirects (the bearer token stays with the server)', async () => {
    expect(await errorOf(api().request({ method: 'GET', path: '/redirect', schema, accessToken: 'acc' }))).toEqual({ code: 'SERVER_INCOMPATIBLE' });
  });

  it('reports wrong-shaped answers as SERVER_INCOMPATIBLE and transport failures as SERVER_UNREACHABLE', async () => {
    expect(await errorOf(api().request({ method: 'GET', path: '/ok', schema: z.object({ other: z.string() }) }))).toEqual({ code: 'SERVER_INCOMPATIBLE' });
    expect(await errorOf(createApiClient('http://127.0.0.1:1', quietLogger()).request({ method: 'GET', path: '/ok', schema }))).toEqual({ code: 'SERVER_UNREACHABLE' });
  });

  it('hands a bytes schema the raw answer, within its own size limit; errors still map from problem+json', async () => {
    const raw = bytesSchema(z.instanceof(Uint8Array).transform((b) => Buffer.from(b).toString('utf8')), 1024);
    expect(await api().request({ method: 'GET', path: '/ok', schema: raw })).toBe('{"value":1,"extra":"dropped"}');
    expect(await errorOf(api().request({ method: 'GET', path: '/rate', schema: raw }))).toEqual({ code: 'RATE_LIMITED', retryAfter: 17 });
    expect(await errorOf(api().request({ method: 'GET', path: '/html', schema: raw }))).toEqual({ code: 'SERVER_UNREACHABLE' });
    // an answer past the bound: the server is off the contract, not away (the client stays online)
    const tiny = bytesSchema(z.instanceof(Uint8Array), 8);
    expect(await errorOf(api().request({ method: 'GET', path: '/ok', schema: tiny }))).toEqual({ code: 'SERVER_INCOMPATIBLE' });
  });

  it('problemToIpcError ignores junk', () => {
    expect(problemToIpcError(500, 'oops')).toEqual({ code: 'INTERNAL' });
    expect(problemToIpcError(401, null)).toEqual({ code: 'UNAUTHENTICATED' });
    expect(problemToIpcError(429, {}, '5')).toEqual({ code: 'RATE_LIMITED', retryAfter: 5 });
    expect(problemToIpcError(423, { code: 'ACCOUNT_LOCKED', permanent: true, lockedUntil: 'x'.repeat(100) })).toEqual({ code: 'ACCOUNT_LOCKED', permanent: true });
  });
});
