import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const DAY_S = 86_400;

export interface ChartSeries {
  label: string;
  colour: string;
  values: Array<number | null>;
  dash?: number[];
  fill?: string;
}

/** A uPlot time chart; `bands` fills between pairs of series (by index into `series`, upper first). */
export function TimeChart(props: {
  times: number[];
  series: ChartSeries[];
  bands?: Array<{ upper: number; lower: number; fill: string }>;
  height?: number;
  /** Top of the value axis; what lies above is clipped (auto-scaled when absent). */
  yMax?: number;
  /** The value axis' label ('units' when absent). */
  yLabel?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const plot = new uPlot(
      {
        width: host.current.clientWidth || 900,
        height: props.height ?? 320,
        series: [
          {},
          ...props.series.map((s) => ({ label: s.label, stroke: s.colour, dash: s.dash, fill: s.fill, width: 2 })),
        ],
        bands: props.bands?.map((b) => ({ series: [b.upper + 1, b.lower + 1] as [number, number], fill: b.fill })),
        axes: [{}, { label: props.yLabel ?? 'units' }],
        scales: {
          ...(props.yMax === undefined ? {} : { y: { range: [0, props.yMax] } }),
          // One point alone would be drawn on an axis years wide: a day either side of it instead.
          ...(props.times.length === 1 ? { x: { range: [props.times[0]! - DAY_S, props.times[0]! + DAY_S] } } : {}),
        },
      },
      [props.times, ...props.series.map((s) => s.values)] as uPlot.AlignedData,
      host.current,
    );
    return () => plot.destroy();
  }, [props.times, props.series, props.bands, props.yMax, props.yLabel]);
  return <div ref={host} data-testid="chart" />;
}
