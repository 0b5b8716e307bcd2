export { AggregatorModule } from './aggregator.module.js';
export { loadAggregatorConfig, type AggregatorConfig } from './config.js';
export { startAggregator } from './start-aggregator.js';
