import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkspaceServer, type RunningServer } from '../../src/server/index';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function runAdmin(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['src/server/admin/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env, DATABASE_URL: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('admin CLI (SQLite)', () => {
  let dir: string;
  let env: Record<string, string>;
  let server: RunningServer | null = null;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sellerdesk-cli-'));
    env = { SELLERDESK_DB: path.join(dir, 'sd.db') };
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // Each test starts several tsx processes; on a busy two-core machine each start takes seconds.
  it('help and usage errors have clear output and exit codes', { timeout: 180_000 }, async () => {
    const help = await runAdmin(env, 'help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('create-workspace');
    const unknown = await runAdmin(env, 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command');
    const missing = await runAdmin(env, 'create-workspace', '--name', 'X');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Usage error/);
  });

  it('create-workspace, accounts, tickets, outbox and unlock against a real server database', { timeout: 300_000 }, async () => {
    const created = await runAdmin(env, 'create-workspace', '--name', 'Ozon Shop', '--owner-email', 'Boss@Example.com', '--owner-phone', '+79991234567', '--owner-name', 'Boss', '--password', 'Sturdy-Password-2024!');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Created workspace "Ozon Shop"');
    const twice = await runAdmin(env, 'create-workspace', '--name', 'Again', '--owner-email', 'x@example.com', '--owner-name', 'X', '--password', 'Sturdy-Password-2024!');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('WORKSPACE_ALREADY_INITIALIZED');
    const weak = await runAdmin({ SELLERDESK_DB: path.join(dir, 'other.db') }, 'create-workspace', '--name', 'W', '--owner-email', 'w@example.com', '--owner-name', 'W', '--password', 'password123');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('PASSWORD_TOO_COMMON');

    server = await startWorkspaceServer({ sqlitePath: env.SELLERDESK_DB, port: 0, logLevel: 'silent', limits: { lockBaseSeconds: 600 } });
    const post = (url: string, body: unknown) => fetch(server!.url + url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    // unknown device → challenge email lands in the dev outbox
    const d = { id: 'cli-dev', name: 'CLI PC', platform: 'linux' };
    const first = await post('/api/v1/auth/login', { identifier: 'boss@example.com', password: 'Sturdy-Password-2024!', device: d });
    expect(first.body.status).toBe('challenge');
    for (let i = 0; i < 5; i++) await post('/api/v1/auth/login', { identifier: '+7 999 123-45-67', password: 'wrong-wrong-wrong', device: d });
    const locked = await post('/api/v1/auth/login', { identifier: 'boss@example.com', password: 'Sturdy-Password-2024!', device: d });
    expect(locked.status).toBe(423);
    const ticket = await post('/api/v1/support/tickets', { contact: 'boss@example.com', message: 'I am locked out <b>help</b>' });
    expect(ticket.status).toBe(200);

    const accounts = await runAdmin(env, 'accounts');
    expect(accounts.code).toBe(0);
    expect(accounts.stdout).toMatch(/boss@example\.com\s+\+79991234567\s+owner\s+active\s+off\s+until/);
    const tickets = await runAdmin(env, 'tickets');
    expect(tickets.stdout).toContain('I am locked out <b>help</b>');
    expect(tickets.stdout).toContain(ticket.body.ticketId);
    const outbox = await runAdmin(env, 'outbox', '--limit', '5');
    expect(outbox.code).toBe(0);
    expect(outbox.stdout).toContain('EMAIL  to: boss@example.com');
    expect(outbox.stdout).toContain('Confirm sign-in from a new device');
    expect(outbox.stdout).toMatch(/verify-device\?token=/);

    const unlock = await runAdmin(env, 'unlock', '+7 (999) 123-45-67');
    expect(unlock.code).toBe(0);
    expect(unlock.stdout).toContain('Unlocked Boss');
    const after = await post('/api/v1/auth/login', { identifier: 'boss@example.com', password: 'Sturdy-Password-2024!', device: d });
    expect(after.body.status).toBe('challenge');
    const notLocked = await runAdmin(env, 'unlock', 'boss@example.com');
    expect(notLocked.stdout).toContain('was not locked');
    const bad = await runAdmin(env, 'unlock', 'not an identifier');
    expect(bad.code).toBe(2);
  });
});
