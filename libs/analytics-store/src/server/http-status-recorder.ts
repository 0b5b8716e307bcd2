import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';

const RESPONSE_CHANNEL = 'http.client.response.finish';

/**
 * Notes the HTTP status of this process's requests to ClickHouse, found by their
 * `query_id`. The client reports an error body from a proxy or load balancer as a bare
 * Error without its status, and the status is what says whether a retry may help.
 */
export class HttpStatusRecorder {
  private readonly statuses = new Map<string, number | undefined>();
  private readonly onResponse = (message: unknown) => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    const queryId = /[?&]query_id=([^&]+)/.exec(request.path)?.[1];
    if (queryId === undefined) return;
    const id = decodeURIComponent(queryId);
    if (this.statuses.has(id)) this.statuses.set(id, response.statusCode);
  };

  constructor() {
    subscribe(RESPONSE_CHANNEL, this.onResponse);
  }

  /** Runs `request` with the status of the response to `queryId` kept until it settles. */
  async follow<R>(
    queryId: string,
    request: () => Promise<R>,
    onError: (error: unknown, status: number | undefined) => Error,
  ): Promise<R> {
    this.statuses.set(queryId, undefined);
    try {
      return await request();
    } catch (error) {
      throw onError(error, this.statuses.get(queryId));
    } finally {
      this.statuses.delete(queryId);
    }
  }

  stop(): void {
    unsubscribe(RESPONSE_CHANNEL, this.onResponse);
  }
}
