import { BarChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useLayoutEffect, useRef, type CSSProperties } from 'react';

// only what the workstation charts use: keeps the renderer bundle small
echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, CanvasRenderer]);

export type EChartOption = echarts.EChartsCoreOption;

interface Props {
  option: EChartOption;
  testId: string;
  /** how many data points the chart shows: e2e tests read it from `data-points` */
  points: number;
  height?: number;
  style?: CSSProperties;
  /** the chart's accessible name (canvas has no text of its own) */
  label: string;
}

/**
 * One echarts instance on a canvas, resized with its box and disposed on
 * unmount. Options are applied whole (`notMerge`), so removed series vanish.
 */
export function EChart({ option, testId, points, height = 280, style, label }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} role="img" aria-label={label} data-testid={testId} data-points={points} style={{ width: '100%', height, ...style }} />;
}
