import type { MetricsTarget } from '../config.js';
import { type ConsumerLagReader, lagKey } from '../ports/consumer-lag.port.js';
import type { MetricsScraper } from '../ports/metrics-scraper.port.js';
import { type PipelineSummary, type ScrapeResult, summarisePipeline } from './pipeline-summary.js';
import { parsePrometheusText } from './prometheus-text.js';

/**
 * Reads every service's /metrics at once (a service that does not answer is shown as down, not hidden),
 * and each stage's lag from the broker's offsets when a lag reader is given.
 */
export class PipelineMonitor {
  constructor(
    private readonly targets: readonly MetricsTarget[],
    private readonly scraper: MetricsScraper,
    private readonly clock: () => Date,
    private readonly lags?: ConsumerLagReader,
  ) {}

  async summary(): Promise<PipelineSummary> {
    const results = await Promise.all(
      this.targets.map(async ({ name, url }): Promise<ScrapeResult> => {
        try {
          return { service: name, samples: parsePrometheusText(await this.scraper.scrape(url)) };
        } catch (error) {
          return { service: name, samples: undefined, error: (error as Error).message };
        }
      }),
    );
    const summary = summarisePipeline(results, this.clock());
    if (!this.lags || summary.stages.length === 0) return summary;
    try {
      const lags = await this.lags.lag(summary.stages);
      for (const stage of summary.stages) stage.lag = lags.get(lagKey(stage));
    } catch (error) {
      // The page falls back on the counters' estimate and says why.
      summary.lagError = (error as Error).message;
    }
    return summary;
  }
}
