import { CaretDownOutlined, CaretUpOutlined } from '@ant-design/icons';
import { theme } from 'antd';
import { memo, useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { visibleRange } from '../lib/windowed';
import { CLAMP_TWO } from './listKit';

export interface VColumn<R> {
  key: string;
  title: ReactNode;
  /** CSS grid track, e.g. '120px' or 'minmax(200px, 1fr)' */
  width: string;
  align?: 'left' | 'right' | 'center';
  /** present when the column can be sorted by this field */
  sortField?: string;
  render(row: R, index: number): ReactNode;
}

export interface VSort {
  field: string;
  dir: 'asc' | 'desc';
}

interface Props<R> {
  columns: VColumn<R>[];
  rowCount: number;
  rowHeight: number;
  getRow(index: number): R | undefined;
  rowKey(row: R): string;
  rowTestId?(row: R): string;
  onRowClick?(row: R): void;
  onRange(start: number, end: number): void;
  sort: VSort | null;
  onSort?(sort: VSort | null): void;
  /** shown instead of rows when rowCount is 0 */
  empty?: ReactNode;
  testId: string;
  /** re-render rows when this changes (data arrived) */
  revision?: number;
  rowStyle?(row: R): CSSProperties | undefined;
}

/**
 * A grid that renders only the rows on screen: fixed row height, absolute
 * positions, sticky header with sorting. Stays smooth at 100,000+ rows; rows
 * not loaded yet show a skeleton until their page arrives.
 */
export function VirtualList<R>(props: Props<R>) {
  const { columns, rowCount, rowHeight, getRow, rowKey, onRange, sort, onSort, testId } = props;
  const { token } = theme.useToken();
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const { start, end } = visibleRange(view.top, view.height - rowHeight, rowHeight, rowCount);
  useEffect(() => {
    onRange(start, Math.max(end, start + 1));
  }, [start, end, onRange]);

  // a new result (filters, sort) starts at the top
  const prevCount = useRef(rowCount);
  useEffect(() => {
    if (rowCount < prevCount.current && scroller.current && scroller.current.scrollTop > rowCount * rowHeight) scroller.current.scrollTop = 0;
    prevCount.current = rowCount;
  }, [rowCount, rowHeight]);

  const grid = columns.map((c) => c.width).join(' ');
  const border = `1px solid ${token.colorBorderSecondary}`;

  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    const row = getRow(i);
    if (!row) {
      rows.push(
        <div key={`s${i}`} role="row" aria-rowindex={i + 2} data-loading="true" style={{ ...rowBox(i, rowHeight, grid, border), alignItems: 'center' }}>
          {/* inset by margin, not row padding: padding would add to the tracks' minimum width and scroll sideways */}
          <div style={{ gridColumn: '1 / -1', height: 12, margin: '0 12px', borderRadius: 4, background: token.colorFillSecondary }} />
        </div>,
      );
      continue;
    }
    rows.push(
      <Row<R>
        key={rowKey(row)}
        row={row}
        index={i}
        rowHeight={rowHeight}
        grid={grid}
        border={border}
        columns={columns}
        testId={props.rowTestId?.(row)}
        onClick={props.onRowClick}
        extraStyle={props.rowStyle?.(row)}
      />,
    );
  }

  const clickSort = (field: string) => {
    if (!onSort) return;
    if (!sort || sort.field !== field) onSort({ field, dir: 'asc' });
    else if (sort.dir === 'asc') onSort({ field, dir: 'desc' });
    else onSort(null);
  };

  return (
    <div
      ref={scroller}
      role="grid"
      aria-rowcount={rowCount + 1}
      data-testid={testId}
      data-total={rowCount}
      onScroll={(e) => setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}
      style={{ flex: 1, minHeight: 240, overflow: 'auto', position: 'relative', border, borderRadius: token.borderRadiusLG, background: token.colorBgContainer }}
    >
      <style>{`.vl-row:hover{background:${token.colorFillQuaternary}}`}</style>
      <div
        role="row"
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 2,
          display: 'grid',
          gridTemplateColumns: grid,
          height: 40,
          background: token.colorFillAlter,
          borderBottom: border,
          fontWeight: 600,
          minWidth: 'fit-content',
        }}
      >
        {columns.map((c) => {
          const active = sort && c.sortField && sort.field === c.sortField ? sort.dir : null;
          return (
            <div
              key={c.key}
              role="columnheader"
              aria-sort={active === 'asc' ? 'ascending' : active === 'desc' ? 'descending' : undefined}
              data-testid={c.sortField ? `${testId}-sort-${c.sortField}` : undefined}
              data-sort={active ?? undefined}
              onClick={c.sortField ? () => clickSort(c.sortField as string) : undefined}
              style={{ ...cell(c), cursor: c.sortField ? 'pointer' : undefined, userSelect: 'none', gap: 4 }}
            >
              {/* up to two lines: a Russian header ("Принят в обработку") rarely fits its column on one */}
              <span style={HEADER_TITLE} title={typeof c.title === 'string' ? c.title : undefined}>
                {c.title}
              </span>
              {c.sortField ? (
                <span style={{ display: 'inline-flex', flexDirection: 'column', fontSize: 10, lineHeight: '9px', color: token.colorTextQuaternary }}>
                  <CaretUpOutlined style={{ color: active === 'asc' ? token.colorPrimary : undefined }} />
                  <CaretDownOutlined style={{ color: active === 'desc' ? token.colorPrimary : undefined }} />
                </span>
              ) : null}
            </div>
          );
        })}
      </div>
      {rowCount === 0 ? (
        <div style={{ padding: 32 }}>{props.empty}</div>
      ) : (
        <div style={{ position: 'relative', height: rowCount * rowHeight, minWidth: 'fit-content' }}>{rows}</div>
      )}
    </div>
  );
}

function cellStyle(align: 'left' | 'right' | 'center' | undefined): CSSProperties {
  return {
    padding: '0 12px',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    textAlign: align ?? 'left',
    justifyContent: align === 'right' ? 'flex-end' : align === 'center' ? 'center' : 'flex-start',
    display: 'flex',
    alignItems: 'center',
    minWidth: 0,
  };
}
const cell = (c: { align?: 'left' | 'right' | 'center' }) => cellStyle(c.align);
const HEADER_TITLE: CSSProperties = { ...CLAMP_TWO, lineHeight: '16px' };

function rowBox(i: number, rowHeight: number, grid: string, border: string): CSSProperties {
  return { position: 'absolute', top: i * rowHeight, left: 0, right: 0, height: rowHeight, display: 'grid', gridTemplateColumns: grid, borderBottom: border, alignItems: 'stretch' };
}

interface RowProps<R> {
  row: R;
  index: number;
  rowHeight: number;
  grid: string;
  border: string;
  columns: VColumn<R>[];
  testId?: string;
  onClick?(row: R): void;
  extraStyle?: CSSProperties;
}

/** One loaded row; memoized so scrolling re-renders only rows that entered the view. */
const Row = memo(function Row<R>({ row, index, rowHeight, grid, border, columns, testId, onClick, extraStyle }: RowProps<R>) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      data-testid={testId}
      className="vl-row"
      style={{ ...rowBox(index, rowHeight, grid, border), cursor: onClick ? 'pointer' : undefined, ...extraStyle }}
      onClick={onClick ? () => onClick(row) : undefined}
    >
      {columns.map((c) => (
        <div key={c.key} role="gridcell" style={cell(c)}>
          {c.render(row, index)}
        </div>
      ))}
    </div>
  );
}) as <R>(props: RowProps<R>) => ReactNode;
