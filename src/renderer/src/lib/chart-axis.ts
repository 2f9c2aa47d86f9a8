import { formatCompact } from './money';

/**
 * The labels of an echarts value axis: compact in the person's locale, and any label that would
 * still touch its neighbour is dropped. echarts' own labels are full en-US numbers ("150,000"),
 * which on a horizontal axis run into each other ("50,000100,000").
 */
export function compactAxisLabel(locale: string) {
  return { formatter: (v: number) => formatCompact(v, locale), hideOverlap: true };
}
