// Runs R's forecast package (ets, auto.arima, thetaf) on the same training series as the
// project's methods, in the same run. R is optional: without Rscript on PATH the peer is skipped.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PeerInput {
  name: string;
  period: number;
  h: number;
  train: readonly number[];
}

/** Per series, per R method: the mean path and the 95 % interval. */
export type PeerForecasts = Map<string, Map<string, { mean: number[]; lo95: number[]; hi95: number[] }>>;

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '../../../r/forecast-peer.R');

export function rAvailable(): boolean {
  return spawnSync('Rscript', ['-e', 'suppressMessages(library(forecast))'], { stdio: 'ignore' }).status === 0;
}

export function runRPeer(series: readonly PeerInput[]): PeerForecasts {
  const dir = mkdtempSync(join(tmpdir(), 'forecast-peer-'));
  try {
    const input = join(dir, 'in.csv');
    const output = join(dir, 'out.csv');
    const lines = ['series,period,h,value'];
    for (const s of series) for (const v of s.train) lines.push(`${s.name},${s.period},${s.h},${v}`);
    writeFileSync(input, `${lines.join('\n')}\n`);
    const run = spawnSync('Rscript', [SCRIPT, input, output], { encoding: 'utf8', timeout: 600_000 });
    if (run.status !== 0) throw new Error(`Rscript failed: ${run.stderr}`);
    const result: PeerForecasts = new Map();
    for (const line of readFileSync(output, 'utf8').trim().split('\n').slice(1)) {
      const [name, method, , mean, , , lo95, hi95] = line.split(',');
      const bySeries = result.get(name!) ?? new Map();
      const entry = bySeries.get(method!) ?? { mean: [], lo95: [], hi95: [] };
      entry.mean.push(Number(mean));
      entry.lo95.push(Number(lo95));
      entry.hi95.push(Number(hi95));
      bySeries.set(method!, entry);
      result.set(name!, bySeries);
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
