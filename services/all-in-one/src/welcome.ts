import type { LocalPlatform } from './local-platform.js';

/** What to try once the platform runs. */
export function printWelcome(platform: LocalPlatform, itemId: string, logFile: string): void {
  const collector = platform.grpcAddress('collector');
  const features = platform.grpcAddress('aggregator');
  const endpoints = [...platform.services.values()].map((s) => `${s.name} http://127.0.0.1:${s.httpPort}`).join(', ');
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
    `  ./demand item-stats '{"itemId":"${itemId}"}'`,
    `  ./demand track '{"event":{"eventId":"my-first-event","userId":"u-1","occurredAt":"${new Date().toISOString()}","view":{"itemId":"${itemId}"}}}'`,
    `  ./demand search '{"query":"适合夏天的连衣裙","limit":5}'`,
    `  ./demand analyze '{"text":"收到的耳机是坏的，我要退货"}'`,
    `  ./demand help                       # every command, one per gRPC method`,
    'or with grpcurl (server reflection is on):',
    `  grpcurl -plaintext${grpcurlKey} ${collector} list`,
    `  grpcurl -plaintext${grpcurlKey} -d '{"itemId":"${itemId}"}' ${features} demand.v1.Features/GetItemStats`,
    `  grpcurl -plaintext ${features} grpc.health.v1.Health/Check`,
    `Health, readiness and metrics (/healthz, /readyz, /metrics): ${endpoints}`,
    `Producers can also write events straight to Kafka topic events.raw.v1 at ${platform.kafkaBrokers[0]}.`,
    `Logs: ${logFile}`,
    'Press Ctrl-C to stop; the next `make run` keeps the data and adds a new run of traffic.',
  ];
  console.log(lines.join('\n'));
}
