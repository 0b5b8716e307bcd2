import {
  CollectorClient,
  FeaturesClient,
  GetItemStatsRequest,
  ItemStats,
  TrackBatchRequest,
  TrackBatchResponse,
  TrackRequest,
  TrackResponse,
  UpsertItemsRequest,
  UpsertItemsResponse,
} from '@demand/contracts';

/** A message type as ts-proto generates it, seen from JSON. */
interface JsonCodec<T> {
  fromJSON(object: unknown): T;
  toJSON(message: T): unknown;
}

export interface Command {
  name: string;
  /** Which server answers it: the address comes from --collector or --features. */
  server: 'collector' | 'features';
  grpcMethod: string;
  summary: string;
  example: string;
  request: JsonCodec<unknown>;
  response: JsonCodec<unknown>;
  clientClass: typeof CollectorClient | typeof FeaturesClient;
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
];
