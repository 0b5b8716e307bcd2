import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ForwardedHeaders, UpstreamCalls } from '../ports/upstream-calls.port.js';
import { type ApiMethod, findMethod } from './api-catalog.js';
import { GatewayError } from './http-status.js';

/** Headers passed on to the services as gRPC metadata (credentials and trace context); others stay here. */
export const forwardedHeaderNames = ['authorization', 'x-api-key', 'traceparent', 'tracestate'] as const;

export function pickForwardedHeaders(headers: Readonly<Record<string, unknown>>): ForwardedHeaders {
  const picked: Record<string, string> = {};
  for (const name of forwardedHeaderNames) {
    const value = headers[name];
    if (typeof value === 'string' && value !== '') picked[name] = value;
  }
  return picked;
}

/** JSON in, JSON out: proto3 JSON mapping by ts-proto's codecs around one gRPC call. */
export class GatewayService {
  constructor(
    private readonly catalog: ReadonlyMap<string, ApiMethod>,
    private readonly upstream: UpstreamCalls,
  ) {}

  async call(service: string, method: string, body: unknown, headers: ForwardedHeaders): Promise<unknown> {
    const target = findMethod(this.catalog, service, method);
    if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body)))
      throw new GatewayError(GrpcStatus.INVALID_ARGUMENT, `body: expected a JSON object of ${target.requestType}`);
    let request: unknown;
    try {
      request = target.request.fromJSON(body ?? {});
    } catch (error) {
      throw new GatewayError(
        GrpcStatus.INVALID_ARGUMENT,
        `body: not a ${target.requestType}: ${(error as Error).message}`,
      );
    }
    const response = await this.upstream.unary(service, target.clientMethod, request, headers);
    return target.response.toJSON(response);
  }

  methods(): ApiMethod[] {
    return [...this.catalog.values()];
  }
}
