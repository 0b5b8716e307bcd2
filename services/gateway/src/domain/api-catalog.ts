import { status as GrpcStatus } from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import { GatewayError } from './http-status.js';

/** ts-proto's JSON codec of one message type. */
export interface JsonCodec {
  fromJSON(object: unknown): unknown;
  toJSON(message: unknown): unknown;
}

export interface ApiMethod {
  /** e.g. demand.v1.Forecast */
  service: string;
  /** e.g. ForecastDemand */
  method: string;
  /** The method's key on the grpc-js client, e.g. forecastDemand. */
  clientMethod: string;
  requestType: string;
  responseType: string;
  request: JsonCodec;
  response: JsonCodec;
}

/** The client-side view of a service: its ts-proto definition (method key → gRPC path). */
export type ServiceDefinitionLike = object;

/** ts-proto's export name of a message: nested types are joined with `_` (Parent_Child). */
export function codecName(type: protobuf.Type, packageName: string): string {
  return type.fullName.slice(packageName.length + 2).replaceAll('.', '_');
}

/**
 * Every unary method of the given services, read from the protos (request and response types)
 * and matched to ts-proto's codecs and the client's method keys. Throws at start-up when a proto
 * method has no codec or no client method, so a gap never shows up as a 500 later.
 */
export function buildApiCatalog(
  root: protobuf.Root,
  services: ReadonlyArray<{ name: string; definition: ServiceDefinitionLike }>,
  codecs: Readonly<Record<string, unknown>>,
): Map<string, ApiMethod> {
  const catalog = new Map<string, ApiMethod>();
  for (const { name, definition } of services) {
    const service = root.lookupService(name);
    const packageName = name.slice(0, name.lastIndexOf('.'));
    for (const method of Object.values(service.methods)) {
      const path = `/${name}/${method.name}`;
      const clientMethod = Object.entries(definition).find(
        ([, value]) => (value as { path?: unknown } | undefined)?.path === path,
      )?.[0];
      if (!clientMethod) throw new Error(`gateway: the client of ${name} has no method for ${path}`);
      const codecOf = (type: protobuf.Type): JsonCodec => {
        const codec = codecs[codecName(type, packageName)] as Partial<JsonCodec> | undefined;
        if (typeof codec?.fromJSON !== 'function' || typeof codec.toJSON !== 'function')
          throw new Error(`gateway: no ts-proto codec for ${type.fullName}`);
        return codec as JsonCodec;
      };
      const requestType = method.resolvedRequestType ?? root.lookupType(method.requestType);
      const responseType = method.resolvedResponseType ?? root.lookupType(method.responseType);
      catalog.set(`${name}/${method.name}`, {
        service: name,
        method: method.name,
        clientMethod,
        requestType: requestType.fullName.slice(1),
        responseType: responseType.fullName.slice(1),
        request: codecOf(requestType),
        response: codecOf(responseType),
      });
    }
  }
  return catalog;
}

export function findMethod(catalog: ReadonlyMap<string, ApiMethod>, service: string, method: string): ApiMethod {
  const found = catalog.get(`${service}/${method}`);
  if (!found) throw new GatewayError(GrpcStatus.UNIMPLEMENTED, `no method ${method} on ${service}`);
  return found;
}
