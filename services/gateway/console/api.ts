/** Calls one gRPC method through the gateway (POST /api/<service>/<method>, proto3 JSON both ways). */
export async function call<T>(service: string, method: string, body: unknown): Promise<T> {
  const response = await fetch(`/api/demand.v1.${service}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as T & { code?: string; message?: string };
  if (!response.ok) throw new Error(`${service}.${method}: ${answer.code} ${answer.message}`);
  return answer;
}

export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}
