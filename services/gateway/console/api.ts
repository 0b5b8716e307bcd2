const KEY_STORAGE = 'demand.apiKey';

/**
 * The API key the console sends: given once as `?key=` in the console's address (local mode prints
 * that address), kept for the browser session and taken out of the address bar.
 */
function apiKey(): string | null {
  const fromAddress = new URLSearchParams(location.search).get('key');
  if (fromAddress) {
    sessionStorage.setItem(KEY_STORAGE, fromAddress);
    history.replaceState(null, '', location.pathname + location.hash);
  }
  return sessionStorage.getItem(KEY_STORAGE);
}

/** Calls one gRPC method through the gateway (POST /api/<service>/<method>, proto3 JSON both ways). */
export async function call<T>(service: string, method: string, body: unknown): Promise<T> {
  const response = await fetch(`/api/demand.v1.${service}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...keyHeader() },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as T & { code?: string; message?: string };
  if (!response.ok) throw new Error(`${service}.${method}: ${answer.code} ${answer.message}`);
  return answer;
}

function keyHeader(): Record<string, string> {
  const key = apiKey();
  return key ? { 'x-api-key': key } : {};
}

export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: keyHeader() });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}
