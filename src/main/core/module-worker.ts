import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * A worker thread running the module `file` with `workerData`. A build runs
 * its bundled .js as it is; the sources (tsx, vitest, the browser host) run a
 * .ts entry after registering tsx's loader in the worker, since a worker does
 * not inherit the loader of the thread that starts it.
 */
export function startModuleWorker(file: string, workerData: unknown): Worker {
  if (!file.endsWith('.ts')) return new Worker(file, { workerData });
  // require.resolve finds the CommonJS build of tsx's API, whose register() cannot run from a worker's import: its ES
  // build sits beside it
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = pathToFileURL(file).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true, workerData });
}
