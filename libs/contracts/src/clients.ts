import {
  type CallOptions,
  type ChannelCredentials,
  type Client,
  type ClientOptions,
  type ClientUnaryCall,
  InterceptingCall,
  makeGenericClientConstructor,
  type Metadata,
  type ServiceError,
} from '@grpc/grpc-js';
import { CollectorService } from './gen/demand/v1/collector.js';
import { FeaturesService } from './gen/demand/v1/features.js';
import { FeedbackService } from './gen/demand/v1/feedback.js';
import { ForecastService } from './gen/demand/v1/forecast.js';
import { PrivacyService } from './gen/demand/v1/privacy.js';
import { RecommendService } from './gen/demand/v1/recommend.js';
import { TextAnalysisService } from './gen/demand/v1/text_analysis.js';

type Callback<Res> = (error: ServiceError | null, response: Res) => void;

/** A unary method of a grpc-js client, in the three forms grpc-js accepts. */
export interface UnaryClientMethod<Req, Res> {
  (request: Req, callback: Callback<Res>): ClientUnaryCall;
  (request: Req, metadata: Metadata, callback: Callback<Res>): ClientUnaryCall;
  (request: Req, metadata: Metadata, options: Partial<CallOptions>, callback: Callback<Res>): ClientUnaryCall;
}

/** A grpc-js client of a ts-proto service definition (unary methods, the only kind the contracts have). */
export type GrpcClient<S> = Client & {
  [M in keyof S]: S[M] extends {
    requestSerialize(value: infer Req): Buffer;
    responseDeserialize(value: Buffer): infer Res;
  }
    ? UnaryClientMethod<Req, Res>
    : never;
};

export interface GrpcClientConstructor<S> {
  new (address: string, credentials: ChannelCredentials, options?: Partial<ClientOptions>): GrpcClient<S>;
  service: S;
}

function clientOf<S extends object>(service: S, serviceName: string): GrpcClientConstructor<S> {
  return makeGenericClientConstructor(service as never, serviceName) as unknown as GrpcClientConstructor<S>;
}

/** Every gRPC service of the platform by fully qualified name: ts-proto's definitions, as the servers register them. */
export const platformServices = {
  'demand.v1.Collector': CollectorService,
  'demand.v1.Features': FeaturesService,
  'demand.v1.Privacy': PrivacyService,
  'demand.v1.TextAnalysis': TextAnalysisService,
  'demand.v1.Forecast': ForecastService,
  'demand.v1.Recommend': RecommendService,
  'demand.v1.Feedback': FeedbackService,
} as const;

// These names shadow the Nest client interfaces that nestJs=true generates: the platform
// calls its services through grpc-js clients that use ts-proto's codecs, not Nest's ClientGrpc.
export const CollectorClient = clientOf(CollectorService, 'demand.v1.Collector');
export type CollectorClient = GrpcClient<CollectorService>;
export const FeaturesClient = clientOf(FeaturesService, 'demand.v1.Features');
export type FeaturesClient = GrpcClient<FeaturesService>;
export const TextAnalysisClient = clientOf(TextAnalysisService, 'demand.v1.TextAnalysis');
export type TextAnalysisClient = GrpcClient<TextAnalysisService>;
export const ForecastClient = clientOf(ForecastService, 'demand.v1.Forecast');
export type ForecastClient = GrpcClient<ForecastService>;
export const RecommendClient = clientOf(RecommendService, 'demand.v1.Recommend');
export type RecommendClient = GrpcClient<RecommendService>;
export const FeedbackClient = clientOf(FeedbackService, 'demand.v1.Feedback');
export type FeedbackClient = GrpcClient<FeedbackService>;

export const PrivacyClient = clientOf(PrivacyService, 'demand.v1.Privacy');
export type PrivacyClient = GrpcClient<PrivacyService>;

/**
 * Client options that send an API key with every call (`authorization: Bearer <key>`), for
 * servers that run with GRPC_AUTH=required: `new CollectorClient(address, creds, withApiKey(key))`.
 * No key, no header: the same options work against a server with authentication off.
 */
export function withApiKey(apiKey: string | undefined, options: Partial<ClientOptions> = {}): Partial<ClientOptions> {
  if (!apiKey) return options;
  return {
    ...options,
    interceptors: [
      ...(options.interceptors ?? []),
      (callOptions, nextCall) =>
        new InterceptingCall(nextCall(callOptions), {
          start(metadata, listener, next) {
            metadata.set('authorization', `Bearer ${apiKey}`);
            next(metadata, listener);
          },
        }),
    ],
  };
}
