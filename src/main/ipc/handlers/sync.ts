import type { QueueEntry } from '../../../shared/ipc/workstation';
import type { CoreContext } from '../../core/core';
import type { DomainHandlers } from '../types';

/** The sync indicator and the queue page: status, sync now, pending/failed/conflicting edits. */
export function syncHandlers(core: CoreContext): DomainHandlers<'sync'> {
  const ok = { ok: true as const };
  const offline = { online: false, pending: 0, failed: 0, conflicts: 0, lastSyncedAt: null, pull: null, paused: null };
  return {
    'sync:status': async () => core.sync.workspace?.engine.status() ?? offline,
    'sync:now': async () => {
      const w = core.sync.require();
      // an unreachable server is a state shown in the status, not an error of this call
      await w.engine.syncNow().catch(() => undefined);
      return w.engine.status();
    },
    'sync:queue': async () => {
      const w = core.sync.require();
      const entries: QueueEntry[] = w.cache.entries().map((e) => ({
        id: e.id,
        entity: e.entity,
        storeId: e.storeId,
        key: e.key,
        label: e.label,
        changes: e.changes,
        state: e.state === 'pending' && w.engine.isSending(e.id) ? 'sending' : e.state,
        attempts: e.attempts,
        nextAttemptAt: e.state === 'pending' && e.nextAttemptAt > 0 ? new Date(e.nextAttemptAt).toISOString() : null,
        error: e.error,
        conflicts: e.conflicts,
        createdAt: e.createdAt,
      }));
      return { entries };
    },
    'sync:retry': async ({ id }) => {
      const w = core.sync.require();
      w.cache.retry(id);
      w.engine.kick();
      return ok;
    },
    'sync:discard': async ({ id }) => {
      const w = core.sync.require();
      w.cache.discard(id);
      w.engine.kick();
      return ok;
    },
    'sync:resolve': async ({ id, choices }) => {
      const w = core.sync.require();
      w.cache.resolve(id, choices);
      w.engine.kick();
      return ok;
    },
  };
}
