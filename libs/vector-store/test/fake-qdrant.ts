import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query string, e.g. `/collections/items/points?wait=true`. */
  url: string;
  /** The `api-key` header, absent when the client sent none. */
  apiKey?: string;
  body: unknown;
}

export interface FakeReply {
  status?: number;
  /** Sent as JSON; for 2xx wrap results with `ok(...)`. */
  body: unknown;
}

export interface FakeQdrant {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A Qdrant-style success envelope. */
export function ok(result: unknown): unknown {
  return { result, status: 'ok', time: 0.0001 };
}

/** A Qdrant-style error envelope. */
export function failure(message: string): unknown {
  return { status: { error: message }, time: 0.0001 };
}

/** An HTTP server on 127.0.0.1:0 that records every request and answers with `answer`. */
export async function startFakeQdrant(answer: (request: RecordedRequest) => FakeReply): Promise<FakeQdrant> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    const request: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      ...(typeof req.headers['api-key'] === 'string' ? { apiKey: req.headers['api-key'] } : {}),
      body: text === '' ? undefined : JSON.parse(text),
    };
    requests.push(request);
    let reply: FakeReply;
    try {
      reply = answer(request);
    } catch (error) {
      reply = { status: 500, body: failure(`fake server: ${(error as Error).message}`) };
    }
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
