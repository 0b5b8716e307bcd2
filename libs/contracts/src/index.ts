export * from './gen/demand/v1/events.js';
export * from './gen/demand/v1/collector.js';
export * from './gen/demand/v1/features.js';
export * from './gen/demand/v1/texts.js';
export * from './gen/demand/v1/text_analysis.js';
export * from './gen/demand/v1/recommend.js';
export * from './topics.js';
export { protoRoot, protoFiles } from './proto-files.js';
