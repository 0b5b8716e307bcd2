export { GatewayModule } from './gateway.module.js';
export { loadGatewayConfig, type GatewayConfig } from './config.js';
export { startGateway } from './start-gateway.js';
export { upstreamApis, addressVariable, type UpstreamApi } from './upstreams.js';
export { toHttpError } from './domain/http-status.js';
