import type { LocalPlatform } from './local-platform.js';

/** What to try once the platform runs. */
export function printWelcome(platform: LocalPlatform, itemId: string, logFile: string): void {
  const collector = platform.grpcAddress('collector');
  const features = platform.grpcAddress('aggregator');
  const gateway = platform.httpAddress('gateway');
  const endpoints = [...platform.services.values()].map((s) => `${s.name} http://127.0.0.1:${s.httpPort}`).join(', ');
  const lines = [
    '',
    'The platform is running. Ask it something with the command-line client (JSON in, JSON out):',
    `  ./demand item-stats '{"itemId":"${itemId}"}'`,
    `  ./demand track '{"event":{"eventId":"my-first-event","userId":"u-1","occurredAt":"${new Date().toISOString()}","view":{"itemId":"${itemId}"}}}'`,
    `  ./demand search '{"query":"适合夏天的连衣裙","limit":5}'`,
    `  ./demand analyze '{"text":"收到的耳机是坏的，我要退货"}'`,
    `  ./demand model-metrics '{"windowHours":24}'   # CTR, CVR per model version and A/B arm`,
    `  ./demand help                       # every command, one per gRPC method`,
    'or with grpcurl (server reflection is on):',
    `  grpcurl -plaintext ${collector} list`,
    `  grpcurl -plaintext -d '{"itemId":"${itemId}"}' ${features} demand.v1.Features/GetItemStats`,
    `  grpcurl -plaintext ${features} grpc.health.v1.Health/Check`,
    'or over HTTP/JSON through the gateway (OpenAPI description at /api/openapi.json):',
    `  curl -s ${gateway}/api/demand.v1.Features/GetItemStats -d '{"itemId":"${itemId}"}' -H 'content-type: application/json'`,
    `Web console: ${gateway}/console/`,
    `Health, readiness and metrics (/healthz, /readyz, /metrics): ${endpoints}`,
    `Producers can also write events straight to Kafka topic events.raw.v1 at ${platform.kafkaBrokers[0]}.`,
    `Logs: ${logFile}`,
    'Press Ctrl-C to stop; the next `make run` keeps the data and adds a new run of traffic.',
  ];
  console.log(lines.join('\n'));
}
