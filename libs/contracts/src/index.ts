// The contracts with the Nest controller decorators that the services' controllers use; the CLI and
// the libraries that need only messages, topics, codecs and gRPC clients import './messages.js'
// (`@demand/contracts/messages`), which does not load @nestjs/microservices.
export * from './messages.js';
export * from './gen/demand/v1/collector.nest.js';
export * from './gen/demand/v1/features.nest.js';
export * from './gen/demand/v1/feedback.nest.js';
export * from './gen/demand/v1/forecast.nest.js';
export * from './gen/demand/v1/privacy.nest.js';
export * from './gen/demand/v1/recommend.nest.js';
export * from './gen/demand/v1/text_analysis.nest.js';
