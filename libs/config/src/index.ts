export {
  ConfigError,
  configOrExit,
  parseConfig,
  processEnvironment,
  scopedEnvironment,
  type Environment,
} from './load-config.js';
export * as env from './fields.js';
export {
  serviceFields,
  grpcFields,
  kafkaFields,
  analyticsFields,
  apiKeyStoreFields,
  type ApiKeyStoreEnv,
  checkPlatformFields,
  evenAfterFieldErrors,
  type GrpcEnv,
  grpcAuthRequired,
  grpcTlsFiles,
} from './platform-fields.js';
export {
  DEFAULT_TENANT,
  isTenantId,
  tenantId,
  tenantNames,
  type TenantNames,
} from './tenancy.js';
export { HIDDEN_VARIABLES, SECRET_VARIABLES, readSecretFiles } from './secret-files.js';
export { z } from 'zod';
