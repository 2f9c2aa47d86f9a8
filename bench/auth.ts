// Sign-in latency, argon2id cost, and requests/second on /health and on token
// refresh from 50 concurrent clients, against a real server on loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'node:http';
import { DEFAULT_RATE_LIMITS, startWorkspaceServer, type RateLimitedAction, type RateRule } from '../src/server';
import { hashPassword, verifyPassword } from '../src/server/auth/passwords';
import { percentile } from './stats';

const CONCURRENCY = 50;
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 5) * 1000;

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  return send('POST', url, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
}

function send(method: string, url: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {
          json = text;
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50_ms: percentile(s, 50), p95_ms: percentile(s, 95), max_ms: percentile(s, 100) };
}

/** Runs `worker` from CONCURRENCY clients for DURATION_MS; returns requests/second and errors. */
async function load(worker: (client: number) => Promise<boolean>) {
  let ok = 0;
  let failed = 0;
  const end = performance.now() + DURATION_MS;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, client) => {
      while (performance.now() < end) {
        if (await worker(client)) ok++;
        else failed++;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { clients: CONCURRENCY, seconds: Math.round(seconds * 100) / 100, requests: ok, errors: failed, rps: Math.round(ok / seconds) };
}

function unlimited(): Record<RateLimitedAction, Partial<RateRule>> {
  const out = {} as Record<RateLimitedAction, Partial<RateRule>>;
  for (const action of Object.keys(DEFAULT_RATE_LIMITS) as RateLimitedAction[]) out[action] = { perIp: 1e9, perKey: 1e9 };
  return out;
}

type Authenticated = { status: 'authenticated'; tokens: { refreshToken: string }; deviceToken?: string };

export async function benchAuth(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-bench-'));
  const server = await startWorkspaceServer({
    sqlitePath: join(dir, 'bench.db'),
    host: '127.0.0.1',
    port: 0,
    setupOpen: true,
    logLevel: 'silent',
    // The benchmark measures throughput, not the abuse guards.
    limits: { rateLimits: unlimited() },
  });
  const api = (p: string) => `${server.url}/api/v1${p}`;
  const device = { id: 'bench-device', name: 'bench', platform: 'linux' as const };
  try {
    // argon2id at production parameters: the floor of every sign-in.
    const hashTimes: number[] = [];
    const verifyTimes: number[] = [];
    let hash = '';
    for (let i = 0; i < 10; i++) {
      let t = performance.now();
      hash = await hashPassword('correct horse battery staple ' + i);
      hashTimes.push(performance.now() - t);
      t = performance.now();
      await verifyPassword(hash, 'correct horse battery staple ' + i);
      verifyTimes.push(performance.now() - t);
    }
    process.stderr.write('argon2 done\n');

    const setup = await post(api('/workspace/setup'), {
      workspaceName: 'Bench',
      name: 'Owner',
      email: 'owner@bench.test',
      password: 'Bench-password-2026!',
      locale: 'en',
      device,
    });
    if (setup.status !== 200) throw new Error('setup failed: ' + JSON.stringify(setup.json));
    const trusted = { ...device, token: (setup.json as Authenticated).deviceToken };

    const signIn = async () => {
      const r = await post(api('/auth/login'), { identifier: 'owner@bench.test', password: 'Bench-password-2026!', device: trusted });
      if (r.status !== 200 || (r.json as Authenticated).status !== 'authenticated') throw new Error('sign-in failed: ' + JSON.stringify(r.json));
      return r.json as Authenticated;
    };

    const signInTimes: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      await signIn();
      signInTimes.push(performance.now() - t);
    }
    process.stderr.write('sign-in done\n');

    const health = await load(async () => (await send('GET', `${server.url}/health`)).status === 200);
    process.stderr.write('health done\n');

    // Each client owns one session and rotates its refresh token in a loop.
    const refreshTokens: string[] = [];
    for (let i = 0; i < CONCURRENCY; i++) refreshTokens.push((await signIn()).tokens.refreshToken);
    const refresh = await load(async (client) => {
      const r = await post(api('/auth/refresh'), { refreshToken: refreshTokens[client] });
      if (r.status !== 200) return false;
      refreshTokens[client] = (r.json as { refreshToken: string }).refreshToken;
      return true;
    });
    process.stderr.write('refresh done\n');

    return {
      argon2id: { hash: stats(hashTimes), verify: stats(verifyTimes) },
      signIn: stats(signInTimes),
      health,
      tokenRefresh: refresh,
    };
  } finally {
    agent.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
