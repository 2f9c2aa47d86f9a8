/**
 * Windowed loading of a long list (100,000 rows and more): rows are fetched in
 * fixed pages as they scroll into view and kept in a bounded cache. Pure logic,
 * no React, so it is unit-tested on its own.
 *
 * After the data changed underneath (`invalidate`), loaded pages stay on screen
 * (stale) until their fresh copy arrives, so a re-query never flashes empty rows.
 */
export interface WindowPage<R> {
  rows: R[];
  stale: boolean;
  /** last time the page was put or shown, for eviction */
  used: number;
}

export class RowWindow<R> {
  readonly pageSize: number;
  readonly maxPages: number;
  total: number | null = null;
  private pages = new Map<number, WindowPage<R>>();
  private inflight = new Set<number>();
  private clock = 0;

  constructor(pageSize = 100, maxPages = 60) {
    this.pageSize = pageSize;
    this.maxPages = maxPages;
  }

  /** The row at `index`, or undefined while its page is not loaded. */
  row(index: number): R | undefined {
    const page = this.pages.get(Math.floor(index / this.pageSize));
    return page?.rows[index % this.pageSize];
  }

  /** Page indexes covering rows [start, end) (end exclusive), clamped to the total when known. */
  pagesFor(start: number, end: number): number[] {
    const last = this.total === null ? end : Math.min(end, this.total);
    // an empty result still has its first page: once invalidated it must be asked again (rows may have arrived)
    if (last <= start) return this.total === null || this.total === 0 ? [Math.floor(Math.max(0, start) / this.pageSize)] : [];
    const out: number[] = [];
    for (let p = Math.floor(Math.max(0, start) / this.pageSize); p <= Math.floor((last - 1) / this.pageSize); p++) out.push(p);
    return out;
  }

  /** Pages of [start, end) that need a request now (absent or stale, and not already requested). */
  missing(start: number, end: number): number[] {
    return this.pagesFor(start, end).filter((p) => {
      if (this.inflight.has(p)) return false;
      const page = this.pages.get(p);
      return !page || page.stale;
    });
  }

  /** Marks pages as shown (keeps them from eviction). */
  touch(start: number, end: number): void {
    this.clock++;
    for (const p of this.pagesFor(start, end)) {
      const page = this.pages.get(p);
      if (page) page.used = this.clock;
    }
  }

  begin(page: number): void {
    this.inflight.add(page);
  }

  /** A request for `page` ended without data (error or superseded). */
  abort(page: number): void {
    this.inflight.delete(page);
  }

  put(page: number, rows: R[], total: number): void {
    this.inflight.delete(page);
    this.clock++;
    this.total = total;
    this.pages.set(page, { rows, stale: false, used: this.clock });
    // a shrunk result leaves no page past its end
    const lastPage = total === 0 ? 0 : Math.floor((total - 1) / this.pageSize);
    for (const p of [...this.pages.keys()]) if (p > lastPage) this.pages.delete(p);
    this.evict();
  }

  /** The data changed: every page is re-fetched when next shown, old rows stay visible until then. */
  invalidate(): void {
    for (const page of this.pages.values()) page.stale = true;
    this.inflight.clear();
  }

  /** Another query (search, filter, sort): nothing of the old result is valid. */
  reset(): void {
    this.pages.clear();
    this.inflight.clear();
    this.total = null;
  }

  get loadedPages(): number {
    return this.pages.size;
  }

  private evict(): void {
    if (this.pages.size <= this.maxPages) return;
    const byUse = [...this.pages.entries()].sort((a, b) => a[1].used - b[1].used);
    for (const [p] of byUse.slice(0, this.pages.size - this.maxPages)) this.pages.delete(p);
  }
}

/** Rows visible in a scroll viewport of fixed-height rows, plus `overscan` on each side. */
export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, rowCount: number, overscan = 8): { start: number; end: number } {
  if (rowCount <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const count = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(rowCount, first + count + overscan);
  return { start, end: Math.max(start, end) };
}
