import type { IpcEvent } from '../../shared/ipc/contract';

export interface CoreEvents {
  on(event: IpcEvent, listener: () => void): () => void;
  emit(event: IpcEvent): void;
}

export function createCoreEvents(onListenerError?: (e: unknown) => void): CoreEvents {
  const listeners = new Map<IpcEvent, Set<() => void>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    emit(event) {
      for (const l of [...(listeners.get(event) ?? [])]) {
        try {
          l();
        } catch (e) {
          onListenerError?.(e);
        }
      }
    },
  };
}
