/** Messages, topics, codecs and gRPC clients without the Nest decorators: see index.ts. */
export * from './gen/demand/v1/events.js';
export * from './gen/demand/v1/collector.js';
export * from './gen/demand/v1/features.js';
export * from './gen/demand/v1/texts.js';
export * from './gen/demand/v1/text_analysis.js';
export * from './gen/demand/v1/forecast.js';
export * from './gen/demand/v1/recommend.js';
export * from './gen/demand/v1/training.js';
export { reasonsForModel } from './training-requests.js';
export * from './gen/demand/v1/feedback.js';
export * from './gen/demand/v1/privacy.js';
export * from './topics.js';
export { decodeEventList, encodeEventListItem, encodeTimestamp } from './event-codec.js';
export { protoRoot, protoFiles } from './proto-files.js';
export {
  CollectorClient,
  FeaturesClient,
  FeedbackClient,
  ForecastClient,
  PrivacyClient,
  RecommendClient,
  TextAnalysisClient,
  platformServices,
  withApiKey,
  type GrpcClient,
  type GrpcClientConstructor,
  type UnaryClientMethod,
} from './clients.js';
export { retryAfterMsOf, withPushback } from './pushback.js';
/** The wire reader and writer the generated codecs use (a reader of another copy is not theirs). */
export { BinaryReader, BinaryWriter } from '@bufbuild/protobuf/wire';
export { AsciiFastWriter } from './ascii-writer.js';
export { KeptWriter } from './kept-writer.js';
