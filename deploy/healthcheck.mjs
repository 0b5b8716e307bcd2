// Container health probe without curl: `node deploy/healthcheck.mjs [/readyz]`.
// Asks the service's own HTTP endpoint on 127.0.0.1:$HTTP_PORT; exit 0 on a 2xx answer
// within 2 s, 1 otherwise. Used by deploy/compose.yaml (Kubernetes probes use httpGet).
const path = process.argv[2] ?? '/readyz';
const port = process.env.HTTP_PORT;
if (!port) {
  console.error('healthcheck: HTTP_PORT is not set');
  process.exit(1);
}
try {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2000) });
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.error(`healthcheck: ${path} on port ${port}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
