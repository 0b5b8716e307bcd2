import { type Client, credentials, Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import type { Upstream } from '../config.js';
import { GatewayError } from '../domain/http-status.js';
import type { ForwardedHeaders, UpstreamCalls } from '../ports/upstream-calls.port.js';

type UnaryMethod = (
  request: unknown,
  metadata: Metadata,
  options: { deadline: Date },
  callback: (error: Error | null, response: unknown) => void,
) => void;

/** One grpc-js client per upstream API, each call with a deadline and the caller's headers as metadata. */
export class GrpcUpstreamCalls implements UpstreamCalls {
  private readonly clients = new Map<string, Client>();

  constructor(
    upstreams: readonly Upstream[],
    private readonly timeoutMs: number,
  ) {
    for (const { api, address } of upstreams)
      this.clients.set(api.name, new api.client(address, credentials.createInsecure()));
  }

  unary(service: string, clientMethod: string, request: unknown, headers: ForwardedHeaders): Promise<unknown> {
    const client = this.clients.get(service);
    if (!client) return Promise.reject(new GatewayError(GrpcStatus.UNIMPLEMENTED, `no upstream for ${service}`));
    const metadata = new Metadata();
    for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
    const method = (client as unknown as Record<string, UnaryMethod>)[clientMethod]!.bind(client);
    return new Promise((resolve, reject) =>
      method(request, metadata, { deadline: new Date(Date.now() + this.timeoutMs) }, (error, response) =>
        error ? reject(error) : resolve(response),
      ),
    );
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
  }
}
