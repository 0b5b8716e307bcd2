/** Reads a service's Prometheus exposition text (its /metrics). */
export interface MetricsScraper {
  scrape(url: string): Promise<string>;
}

export const METRICS_SCRAPER = Symbol('METRICS_SCRAPER');
