// eval/forecast: the forecasting lib on real published series (beside seasonal naive and, where R
// is installed, R's forecast package run on the same splits in the same run), on the test kit's
// shop (item, category, shop levels with known seasonality and promotions), and purchase propensity.
import { median } from '@demand/forecasting';
import { evaluatePropensity } from './forecast-eval/propensity-eval.js';
import { rAvailable, runRPeer } from './forecast-eval/r-peer.js';
import { loadRealSeries } from './forecast-eval/real-series.js';
import { scoreRealSeries, splitSeries } from './forecast-eval/score-real.js';
import { shopSeries } from './forecast-eval/shop-data.js';
import { forecastShop } from './forecast-eval/shop-forecast.js';
import { printEval, progress } from './report.js';

const meanOf = (x: readonly number[]) => x.reduce((s, v) => s + v, 0) / x.length;

const series = loadRealSeries();
progress(`forecast eval: ${series.length} real series (${series.map((s) => s.name).join(', ')})`);
let peer: ReturnType<typeof runRPeer> | undefined;
if (process.env.FORECAST_EVAL_SKIP_R === '1') {
  progress('NOTICE: FORECAST_EVAL_SKIP_R=1; the R peer is skipped');
} else if (rAvailable()) {
  const started = performance.now();
  peer = runRPeer(series.map((s) => ({ name: s.name, period: s.period, ...splitSeries(s) })));
  progress(
    `R forecast package (ets, auto.arima, thetaf) ran on the same splits in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
} else {
  progress(
    'NOTICE: Rscript with the forecast package is not on PATH; the R peer is skipped (apt-get install r-base-core r-cran-forecast)',
  );
}
const started = performance.now();
const real = scoreRealSeries(series, peer, progress);
progress(`project methods on real series in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const naive = meanOf(real.mase.get('seasonal_naive')!);
for (const [method, values] of real.mase) {
  progress(
    `  ${method.padEnd(16)} mean MASE ${meanOf(values).toFixed(3)}  median ${median(values).toFixed(3)}  (${values.length} series)`,
  );
}
printEval('forecast_real_auto', 'mean_MASE', meanOf(real.mase.get('auto')!), naive);
printEval(
  'forecast_real_auto',
  'median_MASE',
  median(real.mase.get('auto')!),
  median(real.mase.get('seasonal_naive')!),
);
for (const [method, values] of real.mase) {
  if (method === 'auto') continue;
  printEval(`forecast_real_${method}`, 'mean_MASE', meanOf(values), naive);
}
for (const [level, c] of real.coverage) {
  printEval(`forecast_interval_coverage_${level}`, 'coverage', c.inside / c.total, level / 100);
}
progress(`auto choices: ${real.choices.join(' ')}`);

// The shop: 30 weeks of a seeded shop, the last 4 held out.
const SHOP = { seed: 42, users: 2000, items: 200, days: 210 };
const generated = performance.now();
const shopData = shopSeries(SHOP);
progress(
  `shop: ${SHOP.users} users, ${SHOP.items} items, ${SHOP.days} days generated and counted in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
);
const levels = forecastShop(shopData, progress);
for (const level of levels) {
  progress(
    `  ${level.level} (${level.series} series): MASE ${level.mase.toFixed(3)} (reconciled ${level.maseReconciled.toFixed(3)}), seasonal naive ${level.maseNaive.toFixed(3)}, 28-day mean ${level.maseMean28.toFixed(3)}; WAPE ${level.wape.toFixed(3)} vs ${level.wapeNaive.toFixed(3)} / ${level.wapeMean28.toFixed(3)}; methods ${JSON.stringify(Object.fromEntries(level.methods))}`,
  );
  printEval(`forecast_shop_${level.level}`, 'MASE', level.maseReconciled, level.maseNaive);
  printEval(`forecast_shop_${level.level}`, 'MASE_vs_mean28', level.maseReconciled, level.maseMean28);
  printEval(`forecast_shop_${level.level}`, 'WAPE', level.wape, level.wapeNaive);
  for (const [l, c] of level.coverage)
    printEval(`forecast_shop_${level.level}_coverage_${l}`, 'coverage', c.inside / c.total, l / 100);
}
const propensity = evaluatePropensity(shopData.users, SHOP.days);
progress(`propensity: ${propensity.users} users, ${propensity.positives} buy in the held-out week`);
printEval('propensity', 'AUC', propensity.auc, propensity.aucRecency);
printEval('propensity', 'log_loss', propensity.logLoss, propensity.logLossRecency);
progress(`propensity: the validation week chose ${propensity.method}`);
for (const [method, score] of Object.entries(propensity.candidates)) {
  printEval(`propensity_${method}`, 'AUC', score.auc, propensity.aucRecency);
  printEval(`propensity_${method}`, 'log_loss', score.logLoss, propensity.logLossRecency);
}
