import type { Sample } from './prometheus-text.js';

export interface ScrapeResult {
  service: string;
  samples: Sample[] | undefined;
  error?: string;
}

export interface StageFigures {
  service: string;
  topic: string;
  group: string;
  consumed: number;
  failures: number;
  retries: number;
  /** Records published to the topic (by any service) minus those this group consumed, since the services started. */
  backlog: number;
  /** Records of the topic the group has not committed, from the broker's offsets; absent when not read. */
  lag?: number | undefined;
}

export interface PipelineSummary {
  scrapedAt: string;
  services: Array<{ name: string; up: boolean; error?: string }>;
  stages: StageFigures[];
  published: Array<{ service: string; topic: string; records: number }>;
  deadLetters: Array<{ service: string; topic: string; stage: string; records: number }>;
  grpc: Array<{ service: string; method: string; calls: number; errors: number }>;
  /** Why the broker's offsets could not be read (the lag is then the counters' backlog). */
  lagError?: string;
}

const sumBy = (samples: Sample[], name: string, key: (s: Sample) => string) => {
  const sums = new Map<string, { labels: Record<string, string>; value: number }>();
  for (const s of samples) {
    if (s.name !== name) continue;
    const k = key(s);
    const entry = sums.get(k) ?? { labels: s.labels, value: 0 };
    entry.value += s.value;
    sums.set(k, entry);
  }
  return sums;
};

/** The pipeline's figures (bus counters and gRPC calls) from every service's /metrics. */
export function summarisePipeline(results: readonly ScrapeResult[], now: Date): PipelineSummary {
  const summary: PipelineSummary = {
    scrapedAt: now.toISOString(),
    services: results.map((r) => ({
      name: r.service,
      up: r.samples !== undefined,
      ...(r.error ? { error: r.error } : {}),
    })),
    stages: [],
    published: [],
    deadLetters: [],
    grpc: [],
  };
  const publishedByTopic = new Map<string, number>();
  for (const { service, samples = [] } of results) {
    for (const { labels, value } of sumBy(
      samples,
      'bus_records_published_total',
      (s) => s.labels.topic ?? '',
    ).values()) {
      summary.published.push({ service, topic: labels.topic ?? '', records: value });
      publishedByTopic.set(labels.topic ?? '', (publishedByTopic.get(labels.topic ?? '') ?? 0) + value);
    }
    for (const { labels, value } of sumBy(
      samples,
      'bus_records_dead_lettered_total',
      (s) => `${s.labels.topic}|${s.labels.stage}`,
    ).values())
      summary.deadLetters.push({ service, topic: labels.topic ?? '', stage: labels.stage ?? '', records: value });
  }
  for (const { service, samples = [] } of results) {
    const stageKey = (s: Sample) => `${s.labels.topic}|${s.labels.group}`;
    const failures = sumBy(samples, 'bus_handler_failures_total', stageKey);
    const retries = sumBy(samples, 'bus_handler_retries_total', stageKey);
    for (const [key, { labels, value }] of sumBy(samples, 'bus_records_consumed_total', stageKey)) {
      const topic = labels.topic ?? '';
      summary.stages.push({
        service,
        topic,
        group: labels.group ?? '',
        consumed: value,
        failures: failures.get(key)?.value ?? 0,
        retries: retries.get(key)?.value ?? 0,
        backlog: Math.max(0, (publishedByTopic.get(topic) ?? 0) - value),
      });
    }
    const errors = sumBy(
      samples.filter((s) => s.labels.code !== 'OK' && s.labels.code !== '0'),
      'grpc_server_handled_total',
      (s) => s.labels.method ?? '',
    );
    for (const [method, { value }] of sumBy(samples, 'grpc_server_handled_total', (s) => s.labels.method ?? ''))
      summary.grpc.push({ service, method, calls: value, errors: errors.get(method)?.value ?? 0 });
  }
  return summary;
}
