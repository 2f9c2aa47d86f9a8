import { describe, expect, it } from 'vitest';
import { RowWindow, visibleRange } from '../../src/renderer/src/lib/windowed';

const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe('visibleRange', () => {
  it('covers the viewport plus overscan, clamped to the rows', () => {
    expect(visibleRange(0, 520, 52, 100_000, 8)).toEqual({ start: 0, end: 19 });
    expect(visibleRange(52 * 50_000, 520, 52, 100_000, 8)).toEqual({ start: 49_992, end: 50_019 });
    expect(visibleRange(52 * 99_999, 520, 52, 100_000, 8)).toEqual({ start: 99_991, end: 100_000 });
    expect(visibleRange(0, 520, 52, 0)).toEqual({ start: 0, end: 0 });
  });
});

describe('RowWindow', () => {
  it('asks only for the pages on screen, once', () => {
    const w = new RowWindow<number>(100);
    expect(w.missing(0, 30)).toEqual([0]);
    w.begin(0);
    expect(w.missing(0, 30)).toEqual([]);
    w.put(0, rows(0, 100), 100_000);
    expect(w.row(42)).toBe(42);
    expect(w.row(142)).toBeUndefined();
    // a jump to the middle of 100,000 rows needs just the pages there
    expect(w.missing(49_990, 50_020)).toEqual([499, 500]);
  });

  it('never asks past the end once the total is known', () => {
    const w = new RowWindow<number>(100);
    w.put(0, rows(0, 100), 250);
    expect(w.pagesFor(200, 400)).toEqual([2]);
    expect(w.missing(0, 1000)).toEqual([1, 2]);
  });

  it('keeps stale rows visible after invalidate and re-fetches them', () => {
    const w = new RowWindow<number>(100);
    w.put(0, rows(0, 100), 1000);
    w.begin(1);
    w.invalidate();
    expect(w.row(5)).toBe(5);
    expect(w.missing(0, 150)).toEqual([0, 1]);
    w.put(0, rows(1000, 100), 1000);
    expect(w.row(5)).toBe(1005);
  });

  it('drops pages past a shrunk total and everything on reset', () => {
    const w = new RowWindow<number>(100);
    w.put(0, rows(0, 100), 1000);
    w.put(5, rows(500, 100), 1000);
    w.put(0, rows(0, 100), 120);
    expect(w.row(550)).toBeUndefined();
    w.reset();
    expect(w.total).toBeNull();
    expect(w.row(0)).toBeUndefined();
  });

  it('an empty result is asked again after invalidate (rows may have arrived meanwhile), and only then', () => {
    const w = new RowWindow<number>(100);
    expect(w.missing(0, 30)).toEqual([0]);
    w.begin(0);
    w.put(0, [], 0);
    expect(w.total).toBe(0);
    expect(w.missing(0, 30)).toEqual([]);
    w.invalidate();
    expect(w.missing(0, 30)).toEqual([0]);
    w.begin(0);
    w.put(0, rows(0, 9), 9);
    expect(w.row(8)).toBe(8);
    expect(w.missing(0, 30)).toEqual([]);
  });

  it('bounds memory: least recently shown pages are evicted', () => {
    const w = new RowWindow<number>(10, 3);
    for (let p = 0; p < 5; p++) w.put(p, rows(p * 10, 10), 1000);
    expect(w.loadedPages).toBe(3);
    expect(w.row(0)).toBeUndefined();
    expect(w.row(45)).toBe(45);
    w.touch(20, 30);
    w.put(7, rows(70, 10), 1000);
    expect(w.row(25)).toBe(25);
    expect(w.row(35)).toBeUndefined();
  });
});
