export { CollectorModule } from './collector.module.js';
export { loadCollectorConfig, type CollectorConfig } from './config.js';
export { startCollector } from './start-collector.js';
export { EventIntake } from './domain/event-intake.js';
