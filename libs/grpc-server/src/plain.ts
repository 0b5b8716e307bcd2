// The parts of a gRPC server that need no Nest: the call guard and the error-to-status mapping, for a grpc-js
// server of its own (e.g. in a worker thread, whose heap should hold no more than it serves).
export { apiKeyFrom, callGuard, type CallGuardSettings } from './call-guard.js';
export { type MappedStatus, toGrpcStatus } from './error-status.js';
export {
  readServerTls,
  serverCredentials,
  type ServerTls,
  type ServerTlsFiles,
  shutdownWithin,
} from './server-plumbing.js';
