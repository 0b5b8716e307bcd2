export {
  startLocalBroker,
  defaultLauncherPath,
  type LocalBroker,
  type LocalBrokerOptions,
  type TopicSpec,
} from './local-broker.js';
export type { SecureFrontOptions } from './secure-front.js';
export { SASL_MECHANISMS, type SaslCredentials, type SaslMechanism } from './sasl-server.js';
export { createTestCertificates, trustInThisProcess, type TestCertificates } from './test-certificates.js';
export { startSecuredLocalBroker } from './secured-local-broker.js';
export { FrameReader } from './kafka-frames.js';
