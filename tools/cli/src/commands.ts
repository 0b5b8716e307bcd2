import {
  AnalyzeRequest,
  AnalyzeResponse,
  CollectorClient,
  EmbedRequest,
  EmbedResponse,
  ExportUserRequest,
  FeaturesClient,
  ForgetUserReceipt,
  ForgetUserRequest,
  ForecastAnswer,
  ForecastClient,
  ForecastDemandRequest,
  ForecastSeriesRequest,
  GetItemProfileRequest,
  GetItemStatsRequest,
  GetUserProfileRequest,
  ItemProfile,
  ItemStats,
  ListSegmentsRequest,
  PurchasePropensityAnswer,
  PrivacyClient,
  PurchasePropensityRequest,
  SegmentList,
  SemanticSearchRequest,
  SemanticSearchResponse,
  TextAnalysisClient,
  TrackBatchRequest,
  TrackBatchResponse,
  TrackRequest,
  TrackResponse,
  UpsertItemsRequest,
  UpsertItemsResponse,
  UserExport,
  UserProfile,
} from '@demand/contracts';

/** A message type as ts-proto generates it, seen from JSON. */
interface JsonCodec<T> {
  fromJSON(object: unknown): T;
  toJSON(message: T): unknown;
}

export interface Command {
  name: string;
  /** Which server answers it: the address comes from --collector, --features, --text-analysis or --forecaster. */
  server: 'collector' | 'features' | 'textAnalysis' | 'forecaster';
  grpcMethod: string;
  summary: string;
  example: string;
  request: JsonCodec<unknown>;
  response: JsonCodec<unknown>;
  clientClass:
    | typeof CollectorClient
    | typeof FeaturesClient
    | typeof TextAnalysisClient
    | typeof ForecastClient
    | typeof PrivacyClient;
  clientMethod: string;
}

const codec = <T>(c: JsonCodec<T>) => c as JsonCodec<unknown>;

/** One command per gRPC method the platform serves. */
export const commands: Command[] = [
  {
    name: 'track',
    server: 'collector',
    grpcMethod: 'demand.v1.Collector/Track',
    summary: 'send one event',
    example: `{"event":{"eventId":"e-1","userId":"u-1","occurredAt":"2026-11-23T10:00:00Z","view":{"itemId":"item-0001"}}}`,
    request: codec(TrackRequest),
    response: codec(TrackResponse),
    clientClass: CollectorClient,
    clientMethod: 'track',
  },
  {
    name: 'track-batch',
    server: 'collector',
    grpcMethod: 'demand.v1.Collector/TrackBatch',
    summary: 'send many events at once (all or nothing)',
    example: `{"events":[{"eventId":"e-2","userId":"u-1","occurredAt":"2026-11-23T10:00:00Z","purchase":{"orderId":"o-1","itemId":"item-0001","quantity":1,"unitPrice":99,"currency":"CNY"}}]}`,
    request: codec(TrackBatchRequest),
    response: codec(TrackBatchResponse),
    clientClass: CollectorClient,
    clientMethod: 'trackBatch',
  },
  {
    name: 'upsert-items',
    server: 'collector',
    grpcMethod: 'demand.v1.Collector/UpsertItems',
    summary: 'create or update catalog items',
    example: `{"items":[{"itemId":"item-9000","title":"夏季碎花连衣裙","brand":"花语","categoryPath":["服装","女装"],"price":199,"currency":"CNY"}]}`,
    request: codec(UpsertItemsRequest),
    response: codec(UpsertItemsResponse),
    clientClass: CollectorClient,
    clientMethod: 'upsertItems',
  },
  {
    name: 'item-stats',
    server: 'features',
    grpcMethod: 'demand.v1.Features/GetItemStats',
    summary: 'per-day event counts of one item',
    example: `{"itemId":"item-0001","fromDay":"2026-11-01","toDay":"2026-11-30"}`,
    request: codec(GetItemStatsRequest),
    response: codec(ItemStats),
    clientClass: FeaturesClient,
    clientMethod: 'getItemStats',
  },
  {
    name: 'forget-user',
    server: 'features',
    grpcMethod: 'demand.v1.Privacy/ForgetUser',
    summary: "erase a user's rows and profile (admin key); the receipt counts what went",
    example: `{"userId":"user-0001"}`,
    request: codec(ForgetUserRequest),
    response: codec(ForgetUserReceipt),
    clientClass: PrivacyClient,
    clientMethod: 'forgetUser',
  },
  {
    name: 'export-user',
    server: 'features',
    grpcMethod: 'demand.v1.Privacy/ExportUser',
    summary: 'every stored row of a user, table by table (admin key)',
    example: `{"userId":"user-0001"}`,
    request: codec(ExportUserRequest),
    response: codec(UserExport),
    clientClass: PrivacyClient,
    clientMethod: 'exportUser',
  },
  {
    name: 'user-profile',
    server: 'features',
    grpcMethod: 'demand.v1.Features/GetUserProfile',
    summary: "one user's profile: RFM, preferences, price band, activity, sentiment, segment",
    example: `{"userId":"user-0001"}`,
    request: codec(GetUserProfileRequest),
    response: codec(UserProfile),
    clientClass: FeaturesClient,
    clientMethod: 'getUserProfile',
  },
  {
    name: 'item-profile',
    server: 'features',
    grpcMethod: 'demand.v1.Features/GetItemProfile',
    summary: "one item's profile: popularity, trend, conversion, reviews, co-view/co-buy neighbours",
    example: `{"itemId":"item-0001"}`,
    request: codec(GetItemProfileRequest),
    response: codec(ItemProfile),
    clientClass: FeaturesClient,
    clientMethod: 'getItemProfile',
  },
  {
    name: 'segments',
    server: 'features',
    grpcMethod: 'demand.v1.Features/ListSegments',
    summary: 'customer segments of the latest model (pointLimit > 0 adds 2-D plot points)',
    example: `{"pointLimit":0}`,
    request: codec(ListSegmentsRequest),
    response: codec(SegmentList),
    clientClass: FeaturesClient,
    clientMethod: 'listSegments',
  },
  {
    name: 'embed',
    server: 'textAnalysis',
    grpcMethod: 'demand.v1.TextAnalysis/Embed',
    summary: 'one vector per text',
    example: `{"texts":["夏季连衣裙","summer dress"]}`,
    request: codec(EmbedRequest),
    response: codec(EmbedResponse),
    clientClass: TextAnalysisClient,
    clientMethod: 'embed',
  },
  {
    name: 'search',
    server: 'textAnalysis',
    grpcMethod: 'demand.v1.TextAnalysis/SemanticSearch',
    summary: 'items (or reviews, queries, dialog turns) closest in meaning, with filters',
    example: `{"query":"适合夏天的连衣裙","limit":5,"filters":{"categories":["服装"],"maxPrice":300}}`,
    request: codec(SemanticSearchRequest),
    response: codec(SemanticSearchResponse),
    clientClass: TextAnalysisClient,
    clientMethod: 'semanticSearch',
  },
  {
    name: 'analyze',
    server: 'textAnalysis',
    grpcMethod: 'demand.v1.TextAnalysis/Analyze',
    summary: 'sentiment, intent and entities of a text',
    example: `{"text":"收到的耳机是坏的，我要退货"}`,
    request: codec(AnalyzeRequest),
    response: codec(AnalyzeResponse),
    clientClass: TextAnalysisClient,
    clientMethod: 'analyze',
  },
  {
    name: 'forecast-demand',
    server: 'forecaster',
    grpcMethod: 'demand.v1.Forecast/ForecastDemand',
    summary: 'daily units sold ahead for an item, a category or the shop, with intervals',
    example: `{"level":"DEMAND_LEVEL_CATEGORY","id":"服装","horizon":14}`,
    request: codec(ForecastDemandRequest),
    response: codec(ForecastAnswer),
    clientClass: ForecastClient,
    clientMethod: 'forecastDemand',
  },
  {
    name: 'forecast-series',
    server: 'forecaster',
    grpcMethod: 'demand.v1.Forecast/ForecastSeries',
    summary: 'forecast any series you send (values and a start and frequency, or timestamps)',
    example: `{"values":[12,15,11,14,13,20,22,12,16,11,15,14,21,23],"start":"2026-11-01","frequency":"daily","horizon":7}`,
    request: codec(ForecastSeriesRequest),
    response: codec(ForecastAnswer),
    clientClass: ForecastClient,
    clientMethod: 'forecastSeries',
  },
  {
    name: 'propensity',
    server: 'forecaster',
    grpcMethod: 'demand.v1.Forecast/PurchasePropensity',
    summary: 'probability that each user buys within the next days',
    example: `{"userIds":["u-000042","u-000043"],"windowDays":7}`,
    request: codec(PurchasePropensityRequest),
    response: codec(PurchasePropensityAnswer),
    clientClass: ForecastClient,
    clientMethod: 'purchasePropensity',
  },
];
