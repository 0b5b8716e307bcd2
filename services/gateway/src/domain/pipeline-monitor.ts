import type { MetricsTarget } from '../config.js';
import type { MetricsScraper } from '../ports/metrics-scraper.port.js';
import { type PipelineSummary, type ScrapeResult, summarisePipeline } from './pipeline-summary.js';
import { parsePrometheusText } from './prometheus-text.js';

/** Reads every service's /metrics at once; a service that does not answer is shown as down, not hidden. */
export class PipelineMonitor {
  constructor(
    private readonly targets: readonly MetricsTarget[],
    private readonly scraper: MetricsScraper,
    private readonly clock: () => Date,
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
    return summarisePipeline(results, this.clock());
  }
}
