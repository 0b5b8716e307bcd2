import type { LocalPlatform } from './local-platform.js';

/** What to try once the platform runs; `itemId` is an item the store holds, if any. */
export function printWelcome(platform: LocalPlatform, itemId: string | undefined, logFile: string): void {
  const collector = platform.grpcAddress('collector');
  const features = platform.grpcAddress('aggregator');
  const gateway = platform.httpAddress('gateway');
  const endpoints = [...platform.services.values()].map((s) => `${s.name} http://127.0.0.1:${s.httpPort}`).join(', ');
  const item = itemId ?? 'item-0001';
  const auth = platform.apiKey
    ? [
        'Every gRPC call needs an API key. This run issued one (track, read, recommend); in your shell:',
        `  export DEMAND_API_KEY=${platform.apiKey}`,
        'More keys: ./demand keys create --name NAME --scopes track,read  (list, revoke: ./demand keys --help).',
      ]
    : [];
  const grpcurlKey = platform.apiKey ? ' -H "authorization: Bearer $DEMAND_API_KEY"' : '';
  const lines = [
    '',
    ...auth,
    'The platform is running. Ask it something with the command-line client (JSON in, JSON out):',
    ...(itemId
      ? []
      : [
          '  The store holds no events yet: load some first, e.g. `./demand import history.jsonl` (README, "Importing',
          '  history"); the examples below name an item that exists only once it is imported.',
        ]),
    `  ./demand item-stats '{"itemId":"${item}"}'`,
    `  ./demand track '{"event":{"eventId":"my-first-event","userId":"u-1","occurredAt":"${new Date().toISOString()}","view":{"itemId":"${item}"}}}'`,
    `  ./demand search '{"query":"适合夏天的连衣裙","limit":5}'`,
    `  ./demand analyze '{"text":"收到的耳机是坏的，我要退货"}'`,
    `  ./demand model-metrics '{"windowHours":24}'   # CTR, CVR per model version and A/B arm`,
    `  ./demand help                       # every command, one per gRPC method`,
    'or with grpcurl (server reflection is on):',
    `  grpcurl -plaintext${grpcurlKey} ${collector} list`,
    `  grpcurl -plaintext${grpcurlKey} -d '{"itemId":"${item}"}' ${features} demand.v1.Features/GetItemStats`,
    `  grpcurl -plaintext ${features} grpc.health.v1.Health/Check`,
    'or over HTTP/JSON through the gateway (OpenAPI description at /api/openapi.json):',
    `  curl -s ${gateway}/api/demand.v1.Features/GetItemStats -d '{"itemId":"${item}"}' -H 'content-type: application/json'` +
      (platform.apiKey ? ` -H "x-api-key: $DEMAND_API_KEY"` : ''),
    `Web console: ${gateway}/console/${platform.apiKey ? `?key=${platform.apiKey}` : ''}`,
    `Health, readiness and metrics (/healthz, /readyz, /metrics): ${endpoints}`,
    `Producers can also write events straight to Kafka topic events.raw.v1 at ${platform.kafkaBrokers[0]}.`,
    `Logs: ${logFile}`,
    'Press Ctrl-C to stop; the next `make run` keeps the data and adds a new run of traffic.',
  ];
  console.log(lines.join('\n'));
}
