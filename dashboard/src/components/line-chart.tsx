import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One line of a chart. */
export interface ChartLine {
  readonly label: string;
  readonly values: readonly (number | null)[];
  readonly color: string;
  readonly dash?: boolean;
}

/**
 * A time series chart (uPlot on a canvas) that follows its container's width. `times` are epoch
 * seconds. The canvas is hidden from assistive technology; `summary` is read instead.
 */
export function LineChart(props: {
  title: string;
  summary: string;
  times: readonly number[];
  lines: readonly ChartLine[];
  format: (v: number) => string;
  /** Compact tick labels. */
  axis: (v: number) => string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const width = () => Math.max(200, el.clientWidth);
    const plot = new uPlot(
      {
        width: width(),
        height: 180,
        legend: { show: props.lines.length > 1, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [
          { stroke: '#4b5563', grid: { stroke: '#e5e7eb' }, ticks: { stroke: '#e5e7eb' } },
          {
            stroke: '#4b5563',
            grid: { stroke: '#e5e7eb' },
            ticks: { stroke: '#e5e7eb' },
            size: 60,
            values: (_u, splits) => splits.map((v) => props.axis(v)),
          },
        ],
        series: [
          {},
          ...props.lines.map((l) => ({
            label: l.label,
            stroke: l.color,
            width: 2,
            ...(l.dash ? { dash: [6, 4] } : {}),
            points: { show: props.times.length < 40 },
            value: (_u: uPlot, v: number | null) => (v === null ? '–' : props.format(v)),
          })),
        ],
      },
      [props.times as number[], ...props.lines.map((l) => l.values as (number | null)[])],
      el,
    );
    const observer = new ResizeObserver(() => plot.setSize({ width: width(), height: 180 }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [props.times, props.lines, props.format, props.axis]);
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={box} role="img" aria-label={`${props.title}: ${props.summary}`} />
    </figure>
  );
}
