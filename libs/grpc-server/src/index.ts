export { GrpcServerHost, type GrpcServerOptions, type GrpcServiceBinding } from './grpc-server-host.js';
export { unary, type CallContext, type UnaryMethod } from './unary-handler.js';
export { toGrpcStatus, type MappedStatus } from './error-status.js';
export { createGrpcMetrics, type GrpcMetrics } from './grpc-metrics.js';
