import {
  CollectorClient,
  FeaturesClient,
  FeedbackClient,
  ForecastClient,
  type GrpcClientConstructor,
  PrivacyClient,
  RecommendClient,
  TextAnalysisClient,
} from '@demand/contracts';

/** One gRPC API the gateway serves over HTTP. Adding an API to the gateway is one entry below. */
export interface UpstreamApi {
  /** Fully qualified gRPC service name, as in the protos; also the HTTP path segment. */
  name: string;
  /** grpc-js client constructor from @demand/contracts. */
  client: GrpcClientConstructor<object>;
  /** The platform service that serves it (its host name in compose, its name in local mode). */
  servedBy: string;
  /** Its gRPC port in production (deploy/compose.yaml). */
  grpcPort: number;
}

export const upstreamApis: readonly UpstreamApi[] = [
  { name: 'demand.v1.Collector', client: CollectorClient, servedBy: 'collector', grpcPort: 50051 },
  { name: 'demand.v1.TextAnalysis', client: TextAnalysisClient, servedBy: 'embedder', grpcPort: 50053 },
  { name: 'demand.v1.Features', client: FeaturesClient, servedBy: 'aggregator', grpcPort: 50054 },
  { name: 'demand.v1.Privacy', client: PrivacyClient, servedBy: 'aggregator', grpcPort: 50054 },
  { name: 'demand.v1.Forecast', client: ForecastClient, servedBy: 'forecaster', grpcPort: 50055 },
  { name: 'demand.v1.Recommend', client: RecommendClient, servedBy: 'recommender', grpcPort: 50056 },
  { name: 'demand.v1.Feedback', client: FeedbackClient, servedBy: 'feedback', grpcPort: 50057 },
];

/** The environment variable that holds an API's address, e.g. UPSTREAM_TEXT_ANALYSIS. */
export function addressVariable(api: Pick<UpstreamApi, 'name'>): string {
  const short = api.name.slice(api.name.lastIndexOf('.') + 1);
  return `UPSTREAM_${short.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;
}
