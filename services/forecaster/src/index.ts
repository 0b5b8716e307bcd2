export { ForecasterModule } from './forecaster.module.js';
export { loadForecasterConfig, type ForecasterConfig } from './config.js';
export { startForecaster } from './start-forecaster.js';
