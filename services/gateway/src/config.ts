import {
  checkPlatformFields,
  env,
  evenAfterFieldErrors,
  kafkaFields,
  parseConfig,
  serviceFields,
  z,
  type Environment,
} from '@demand/config';
import { kafkaSecurityOptions, type KafkaSecurity } from '@demand/service-runtime';
import { addressVariable, type UpstreamApi, upstreamApis } from './upstreams.js';

const hostPort = (fallback: string) =>
  z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port')
    .default(fallback);

/** name=url pairs, comma-separated: the services whose /metrics the pipeline page reads. */
const metricsTargets = z
  .string()
  .default(
    [
      'collector:8081',
      'preprocessor:8082',
      'embedder:8083',
      'aggregator:8084',
      'forecaster:8085',
      'recommender:8086',
      'feedback:8087',
    ]
      .map((hostAndPort) => `${hostAndPort.split(':')[0]}=http://${hostAndPort}`)
      .join(','),
  )
  .transform((spec, ctx) => {
    const targets: MetricsTarget[] = [];
    for (const pair of spec.split(',').filter(Boolean)) {
      const [name, url] = pair.split('=');
      if (!name || !url || !URL.canParse(url)) {
        ctx.addIssue({ code: 'custom', message: `expected name=url, got "${pair}"` });
        return z.NEVER;
      }
      targets.push({ name: name.trim(), url: url.trim().replace(/\/$/, '') });
    }
    return targets;
  });

const upstreamFields = Object.fromEntries(
  upstreamApis.map((api) => [addressVariable(api), hostPort(`${api.servedBy}:${api.grpcPort}`)]),
);

const schema = z
  .object({
    ...serviceFields({ httpPort: 8080 }),
    // The pipeline page's lag: the broker's offsets of every consumer group.
    ...kafkaFields,
    ...upstreamFields,
    /** Deadline of one forwarded gRPC call (ms). */
    GATEWAY_CALL_TIMEOUT_MS: env.positiveInt(30_000),
    GATEWAY_METRICS_TARGETS: metricsTargets,
  })
  .superRefine(checkPlatformFields, evenAfterFieldErrors);

export interface MetricsTarget {
  name: string;
  url: string;
}

export interface Upstream {
  api: UpstreamApi;
  address: string;
}

export interface GatewayConfig {
  env: z.output<typeof schema>;
  kafka: KafkaSecurity & { brokers: string[] };
  upstreams: Upstream[];
  metricsTargets: MetricsTarget[];
  callTimeoutMs: number;
}

export function loadGatewayConfig(environment: Environment): GatewayConfig {
  const values = parseConfig(schema, environment);
  const addresses = values as unknown as Record<string, string>;
  return {
    env: values,
    upstreams: upstreamApis.map((api) => ({ api, address: addresses[addressVariable(api)]! })),
    metricsTargets: values.GATEWAY_METRICS_TARGETS,
    kafka: { brokers: values.KAFKA_BROKERS, ...kafkaSecurityOptions(values) },
    callTimeoutMs: values.GATEWAY_CALL_TIMEOUT_MS,
  };
}
