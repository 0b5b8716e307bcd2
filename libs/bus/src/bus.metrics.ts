import { Counter, Histogram, type Registry } from 'prom-client';

/** The bus's Prometheus metrics, registered on the registry of the service that owns the bus. */
export interface BusMetrics {
  readonly recordsConsumed: Counter<'topic' | 'group'>;
  readonly recordsDeadLettered: Counter<'topic' | 'stage'>;
  readonly handlerFailures: Counter<'topic' | 'group' | 'kind'>;
  readonly handlerRetries: Counter<'topic' | 'group'>;
  readonly batchDuration: Histogram<'topic' | 'group'>;
  readonly recordsPublished: Counter<'topic'>;
  readonly offsetCommits: Counter<'topic' | 'group'>;
  readonly partitionReadsAgain: Counter<'topic' | 'group'>;
}

/** Creates the metrics, or reuses them when another bus already registered them on `registry`. */
export function createBusMetrics(registry: Registry): BusMetrics {
  const counter = <L extends string>(name: string, help: string, labelNames: L[]): Counter<L> =>
    (registry.getSingleMetric(name) as Counter<L> | undefined) ??
    new Counter({ name, help, labelNames, registers: [registry] });
  return {
    recordsConsumed: counter('bus_records_consumed_total', 'Records delivered to consumer handlers', [
      'topic',
      'group',
    ]),
    recordsDeadLettered: counter(
      'bus_records_dead_lettered_total',
      'Records written to a dead-letter topic, by the stage that failed',
      ['topic', 'stage'],
    ),
    handlerFailures: counter(
      'bus_handler_failures_total',
      'Failed handler attempts, by kind (transient or permanent)',
      ['topic', 'group', 'kind'],
    ),
    handlerRetries: counter('bus_handler_retries_total', 'Handler attempts retried after a backoff', [
      'topic',
      'group',
    ]),
    batchDuration:
      (registry.getSingleMetric('bus_batch_duration_seconds') as Histogram<'topic' | 'group'> | undefined) ??
      new Histogram({
        name: 'bus_batch_duration_seconds',
        help: 'Time from receiving a batch to committing it, retries and dead-lettering included',
        labelNames: ['topic', 'group'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
        registers: [registry],
      }),
    recordsPublished: counter('bus_records_published_total', 'Records acknowledged by the broker', ['topic']),
    offsetCommits: counter(
      'bus_offset_commits_total',
      'Offset commit requests the broker accepted (one may cover several batches and partitions)',
      ['topic', 'group'],
    ),
    partitionReadsAgain: counter(
      'bus_partition_reads_again_total',
      'Partitions sought back after a failed acknowledgement (deferred commits), each after a backoff',
      ['topic', 'group'],
    ),
  };
}
