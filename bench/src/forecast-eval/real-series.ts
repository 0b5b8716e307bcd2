// Real, published series (R's datasets and forecast packages, exported once to bench/data by
// scripts/export-r-series.R), scored the standard way: hold out the series' usual test horizon
// (M4's: 18 months, 8 quarters, 14 days), MASE scaled by the in-sample seasonal naive MAE.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RealSeries {
  name: string;
  source: string;
  kind: 'monthly' | 'quarterly' | 'daily';
  period: number;
  values: number[];
}

export const HORIZON = { monthly: 18, quarterly: 8, daily: 14 } as const;

const CSV = join(dirname(fileURLToPath(import.meta.url)), '../../../data/r-series.csv');

export function loadRealSeries(path = CSV): RealSeries[] {
  const byName = new Map<string, RealSeries>();
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  if (header !== 'series,package,kind,period,index,time,value') throw new Error(`unexpected header in ${path}`);
  for (const line of lines) {
    const [name, source, kind, period, , , value] = line.split(',');
    let series = byName.get(name!);
    if (!series) {
      series = {
        name: name!,
        source: `R package ${source}`,
        kind: kind as RealSeries['kind'],
        period: Number(period),
        values: [],
      };
      byName.set(name!, series);
    }
    series.values.push(Number(value));
  }
  return [...byName.values()];
}
