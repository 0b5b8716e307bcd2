/** Injection tokens shared by every service module. */
export const LOGGER = Symbol('Logger');
export const METRICS_REGISTRY = Symbol('MetricsRegistry');
export const READINESS = Symbol('Readiness');
export const LIFECYCLE = Symbol('Lifecycle');
export const SERVICE_PORTS = Symbol('ServicePorts');
/** The service's Nest microservice transports (gRPC, the bus), connected to the app at start. */
export const MICROSERVICE_TRANSPORTS = Symbol('MicroserviceTransports');
