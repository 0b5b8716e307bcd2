export { ConfigError, parseConfig, processEnvironment, scopedEnvironment, type Environment } from './load-config.js';
export * as env from './fields.js';
export { serviceFields, kafkaFields, analyticsFields, checkPlatformFields } from './platform-fields.js';
export { z } from 'zod';
