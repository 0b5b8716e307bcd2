export { type DirectUnaryHandler, GrpcTransport, type GrpcTransportOptions } from './grpc-transport.js';
export { answerDirectlyRecorded } from './answer-directly-recorded.js';
export {
  GrpcCallInterceptor,
  GrpcCallRecorder,
  GRPC_CALL_TELEMETRY,
  type GrpcCallTelemetry,
  reportRejectedCalls,
} from './grpc-call.interceptor.js';
export { GrpcExceptionFilter } from './grpc-exception.filter.js';
export { RETRY_AFTER_MS, retryHint } from './retry-hint.js';
export { toGrpcStatus, type MappedStatus } from './error-status.js';
export { codeLabel, createGrpcMetrics, type GrpcMetrics } from './grpc-metrics.js';
export { acceptEncodedResponses } from './encoded-responses.js';
export { apiKeyFrom, callGuard, type CallGuardSettings } from './call-guard.js';
export { readServerTls, type ServerTls, type ServerTlsFiles } from './server-plumbing.js';
