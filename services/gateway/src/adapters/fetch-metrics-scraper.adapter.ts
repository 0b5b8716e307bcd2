import type { MetricsScraper } from '../ports/metrics-scraper.port.js';

export class FetchMetricsScraper implements MetricsScraper {
  constructor(private readonly timeoutMs: number) {}

  async scrape(url: string): Promise<string> {
    const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(this.timeoutMs) });
    if (!response.ok) throw new Error(`${url}/metrics answered ${response.status}`);
    return response.text();
  }
}
