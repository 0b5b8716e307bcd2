import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string, decoded. */
  params: Record<string, string>;
  authorization: string | undefined;
  body: string;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (to exercise the client's timeout). */
  hang?: boolean;
}

export interface FakeClickHouse {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A ClickHouse error body as the server writes it, with the header it sends alongside. */
export function clickHouseException(status: number, code: number, type: string, message: string): FakeReply {
  return {
    status,
    headers: { 'x-clickhouse-exception-code': String(code) },
    body: `Code: ${code}. DB::Exception: ${message}. (${type}) (version 25.8.1.1 (official build))\n`,
  };
}

/**
 * A 200 whose body breaks off after `rows` with an exception, as servers from 25.11 write one
 * mid-stream: the tag from the X-ClickHouse-Exception-Tag header, the message, its length in bytes
 * (newline included), the tag again.
 */
export function clickHouseExceptionMidStream(rows: string, code: number, type: string, message: string): FakeReply {
  const tag = 'FOOBAR';
  const error = `Code: ${code}. DB::Exception: ${message}. (${type}) (version 25.11.1.1 (official build))`;
  const length = Buffer.byteLength(error) + 1;
  return {
    headers: { 'x-clickhouse-exception-tag': tag },
    body: `${rows}\r\n__exception__\r\n${tag}\n${error}\n${length} ${tag}\r\n__exception__\r\n`,
  };
}

/** An HTTP server on 127.0.0.1:0 that records every request and answers with `answer`. */
export async function startFakeClickHouse(answer: (request: RecordedRequest) => FakeReply): Promise<FakeClickHouse> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const request = await record(req);
    requests.push(request);
    const reply = answer(request);
    if (reply.hang) return;
    res.writeHead(reply.status ?? 200, { 'content-type': 'text/plain; charset=UTF-8', ...reply.headers });
    res.end(reply.body ?? '');
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

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  const url = new URL(req.url ?? '/', 'http://fake');
  return {
    method: req.method ?? '',
    path: url.pathname,
    params: Object.fromEntries(url.searchParams),
    authorization: req.headers.authorization,
    body,
  };
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
