import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cache } from '../../src/main/cache/cache';
import { SyncEngine } from '../../src/main/sync/engine';
import { bearerTransport } from '../../src/main/sync/transport';
import { pid, seedStore, WAREHOUSE } from '../server/sync-support';
import { quietLogger } from './helpers';
import { Cores, firstDevice, nextDevice, settle, startTeam, workspaceId, type Team } from './sync-harness';
import type { Core } from '../../src/main/core/core';

/**
 * Random interleavings of edits, pushes, pulls, restarts and crashes
 * mid-push on two clients (real caches and engines, real server, the
 * sessions of two signed-in cores) always converge once everyone syncs and
 * conflicts are resolved.
 */
const cores = new Cores();
let team: Team;
let a: Core;
let b: Core;
let storeId: string;
const P = 4;

beforeAll(async () => {
  await cores.init();
  team = await startTeam(cores.dir('prop-team'));
  a = await cores.start(cores.dir('prop-a'));
  await firstDevice(a, team);
  cores.rememberKeychainAccount(team.url);
  storeId = await seedStore(team.built.db, await workspaceId(team), P);
  b = await cores.start(cores.dir('prop-b'));
  await nextDevice(b, team);
  await settle(a);
}, 120_000);
afterAll(async () => {
  await cores.cleanup();
  await team?.close();
});

class Client {
  cache!: Cache;
  engine!: SyncEngine;
  constructor(
    private readonly file: string,
    private readonly core: Core,
  ) {
    this.open();
  }
  open() {
    this.cache = new Cache(this.file);
    this.engine = new SyncEngine({
      cache: this.cache,
      transport: bearerTransport(team.url, this.core.context.session, quietLogger()),
      emit: () => undefined,
      logger: quietLogger(),
      backoffBaseMs: 1,
      backoffMaxMs: 1,
    });
  }
  async restart() {
    await this.engine.stop();
    this.cache.close();
    this.open();
  }
  /** marks a batch as attempted, then "dies" before sending it */
  async crashMidPush() {
    this.cache.takeDue(Date.now(), 500);
    this.cache.close();
    this.open();
  }
  async sync() {
    await this.engine.push().catch(() => undefined);
    await this.engine.pull().catch(() => undefined);
  }
  close() {
    this.cache.close();
  }
}

type Cmd =
  | { t: 'edit'; c: 0 | 1; p: number; field: 'name' | 'description'; v: string }
  | { t: 'stock'; c: 0 | 1; p: number; v: number }
  | { t: 'push' | 'pull' | 'restart' | 'crash'; c: 0 | 1 };

const client = fc.constantFrom<0 | 1>(0, 1);
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('edit' as const), c: client, p: fc.integer({ min: 0, max: P - 1 }), field: fc.constantFrom<'name' | 'description'>('name', 'description'), v: fc.constantFrom('Альфа', 'Бета', 'Гамма', 'Дельта') }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('stock' as const), c: client, p: fc.integer({ min: 0, max: P - 1 }), v: fc.integer({ min: 0, max: 50 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('push' as const), c: client }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('pull' as const), c: client }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('restart' as const), c: client }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('crash' as const), c: client }) },
);

function snapshot(c: Cache) {
  const out: unknown[] = [];
  for (let i = 0; i < P; i++) {
    const p = c.effectiveRow('product', storeId, pid(i))!.row;
    const s = c.effectiveRow('stock', storeId, `${pid(i)}:${WAREHOUSE}`)!.row;
    out.push([p.name, p.description, s.present]);
  }
  return out;
}

async function serverSnapshot() {
  const out: unknown[] = [];
  for (let i = 0; i < P; i++) {
    const p = await team.built.db.selectFrom('products').select('data').where('store_id', '=', storeId).where('product_id', '=', pid(i)).executeTakeFirstOrThrow();
    const s = await team.built.db.selectFrom('stocks').select('data').where('store_id', '=', storeId).where('product_id', '=', pid(i)).executeTakeFirstOrThrow();
    const pd = JSON.parse(p.data) as Record<string, unknown>;
    out.push([pd.name, pd.description, (JSON.parse(s.data) as Record<string, unknown>).present]);
  }
  return out;
}

describe('property: two clients converge', () => {
  it('for random interleavings of edits, syncs, restarts and crashes', { timeout: 180_000 }, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 4, maxLength: 18 }), fc.constantFrom<'yours' | 'theirs'>('yours', 'theirs'), async (cmds, choice) => {
        run++;
        const clients = [new Client(path.join(cores.dir(`prop-run${run}`), 'a.db'), a), new Client(path.join(cores.dir(`prop-run${run}`), 'b.db'), b)];
        try {
          for (const c of clients) await c.sync();
          for (const k of cmds) {
            const c = clients[k.c]!;
            if (k.t === 'edit') c.cache.edit('product', storeId, pid(k.p), { [k.field]: k.v }, 'x');
            else if (k.t === 'stock') c.cache.edit('stock', storeId, `${pid(k.p)}:${WAREHOUSE}`, { present: k.v }, 'x');
            else if (k.t === 'push') await c.engine.push().catch(() => undefined);
            else if (k.t === 'pull') await c.engine.pull().catch(() => undefined);
            else if (k.t === 'restart') await c.restart();
            else await c.crashMidPush();
          }
          // everyone syncs; people resolve conflicts (one policy per run) until nothing is left
          for (let round = 0; round < 12; round++) {
            for (const c of clients) {
              for (const e of c.cache.entries()) {
                if (e.state === 'conflict') c.cache.resolve(e.id, Object.fromEntries(e.conflicts!.map((f) => [f.field, choice])));
                else if (e.state === 'failed') c.cache.discard(e.id);
                else c.cache.defer([{ id: e.id, at: 0 }]);
              }
              await c.sync();
            }
            if (clients.every((c) => c.cache.entries().length === 0)) break;
          }
          for (const c of clients) await c.sync();
          expect(clients.map((c) => c.cache.entries().length)).toEqual([0, 0]);
          const server = await serverSnapshot();
          expect(snapshot(clients[0]!.cache)).toEqual(server);
          expect(snapshot(clients[1]!.cache)).toEqual(server);
        } finally {
          for (const c of clients) {
            await c.engine.stop();
            c.close();
          }
        }
      }),
      { numRuns: 40, interruptAfterTimeLimit: 50_000 },
    );
  });
});
