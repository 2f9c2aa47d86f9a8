/**
 * A team server a test takes down and brings back — same database, same
 * port, so a core's stored server URL and session stay valid — and the cores
 * that talk to it. Call once at a test file's top level: it registers the
 * beforeAll (start the server) and afterAll (stop the cores, then the server).
 */
import { afterAll, beforeAll } from 'vitest';
import type { CoreOptions } from '../../src/main/core/core';
import { Cores, startTeam, type Team } from './sync-harness';

/** Reconnects within a test's patience (the core's default back-off is seconds). */
export const FAST_RECONNECT: Partial<CoreOptions> = { reconnect: { baseMs: 100, maxMs: 400 } };

export interface TeamFixture {
  readonly cores: Cores;
  /** the running server (throws while it is down) */
  readonly team: Team;
  /** start the server (again) on its first port */
  up(): Promise<Team>;
  /** stop the server; the database stays for the next up() */
  down(): Promise<void>;
}

export function teamFixture(dirName: string): TeamFixture {
  const cores = new Cores();
  let team: Team | null = null;
  let dir = '';
  let port = 0;
  const fx: TeamFixture = {
    cores,
    get team(): Team {
      if (!team) throw new Error('the team server is down');
      return team;
    },
    async up() {
      team = await startTeam(dir, port);
      port = Number(new URL(team.url).port);
      return team;
    },
    async down() {
      const t = team;
      team = null;
      await t?.close();
    },
  };
  beforeAll(async () => {
    await cores.init();
    dir = cores.dir(dirName);
    await fx.up();
  });
  afterAll(async () => {
    await cores.cleanup();
    await fx.down();
  });
  return fx;
}
