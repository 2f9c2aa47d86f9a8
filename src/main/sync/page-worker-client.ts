/**
 * Pull pages decoded on a worker thread (page-worker.ts), so the core's
 * thread spends its time applying them: with the early cursor (engine.ts) the
 * server builds page N+1, the worker checks and scans it, and the core writes
 * page N, all at once.
 *
 * Invariants:
 * - The worker gets a copy of the bytes; the core keeps its own and builds the
 *   RawRows over them (page-pack.ts). So a worker that fails loses nothing:
 *   every page it held is decoded on the core's thread instead, and so is
 *   every later one (a worker that cannot start, errs or exits is not tried
 *   again).
 * - Pages are answered in the order they were given (one worker, FIFO).
 * - The worker keeps the process alive only while it holds a page.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { unpackPage, type PackedPage } from '../../shared/sync/page-pack';
import type { Logger } from '../core/logger';
import { decode, decodePage, type Decoded, type PageDecoder } from './page-decode';
import type { PageRequest } from './page-worker';

/** How to start the page worker: its script; `tsx`, the URL of tsx's ESM API, when the script is TypeScript (development, tests). */
export interface PageWorkerSpec {
  file: URL;
  tsx?: string;
}

/**
 * The TypeScript entry run through tsx (the browser host, tests and benches; the app runs the built
 * out/main/page-worker.js). tsx's ESM API is located through its package exports: its CommonJS build cannot load the
 * ESM half from a worker.
 */
export function sourcePageWorker(): PageWorkerSpec {
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const exports = (JSON.parse(readFileSync(pkg, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports;
  return { file: new URL('./page-worker.ts', import.meta.url), tsx: pathToFileURL(path.join(path.dirname(pkg), exports['./esm/api']!.import.default)).href };
}

type Answer = { id: number; page: PackedPage; issues?: undefined } | { id: number; page?: undefined; issues: string[] };

export class PageWorkerDecoder {
  private worker: Worker | null = null;
  private online: Promise<void> | null = null;
  private failed = false;
  private nextId = 1;
  private readonly pending = new Map<number, { bytes: Uint8Array; resolve: (d: Decoded) => void }>();

  constructor(
    private readonly spec: PageWorkerSpec,
    private readonly logger: Logger,
  ) {}

  /** Starts the worker now (it takes a moment to load); resolves once it runs or has failed (decoding then stays on this thread). */
  ready(): Promise<void> {
    this.start();
    return this.online ?? Promise.resolve();
  }

  readonly decode: PageDecoder = (bytes) => {
    const w = this.start();
    if (!w) return Promise.resolve(decodePage(bytes));
    return new Promise<Decoded>((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, { bytes, resolve });
      if (this.pending.size === 1) w.ref();
      // a copy of the page's own bytes only (a view would send its whole buffer), handed over without a second copy
      const copy = new Uint8Array(bytes);
      w.postMessage({ id, bytes: copy } satisfies PageRequest, [copy.buffer]);
    });
  };

  /** Stops the worker; pages it held are decoded here. */
  async close(): Promise<void> {
    const w = this.worker;
    this.stop();
    await w?.terminate();
  }

  private start(): Worker | null {
    if (this.failed) return null;
    if (this.worker) return this.worker;
    let w: Worker;
    try {
      w = this.spec.tsx
        ? new Worker(`import(${JSON.stringify(this.spec.tsx)}).then((m) => m.tsImport(${JSON.stringify(this.spec.file.href)}, ${JSON.stringify(this.spec.file.href)}))`, { eval: true })
        : new Worker(this.spec.file);
    } catch (e) {
      this.fail(e);
      return null;
    }
    this.worker = w;
    this.online = new Promise<void>((resolve) => {
      w.once('online', resolve);
      w.once('exit', () => resolve());
    });
    w.on('message', (m: Answer) => this.answer(m));
    w.on('error', (e) => this.fail(e));
    w.on('exit', (code) => this.fail(new Error(`page worker exited (${code})`)));
    w.unref();
    return w;
  }

  private answer(m: Answer): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (!this.pending.size) this.worker?.unref();
    p.resolve(m.page ? { ok: true, page: unpackPage(m.page, p.bytes, decode) } : { ok: false, issues: m.issues });
  }

  private fail(e: unknown): void {
    if (this.failed) return;
    this.logger.warn('page worker failed: pull pages are decoded on the core thread', { error: e instanceof Error ? e.message : String(e) });
    const w = this.worker;
    this.stop();
    void w?.terminate();
  }

  /** No worker from now on; what it held is decoded here, in order. */
  private stop(): void {
    this.failed = true;
    this.worker = null;
    const held = [...this.pending.values()];
    this.pending.clear();
    for (const p of held) p.resolve(decodePage(p.bytes));
  }
}
