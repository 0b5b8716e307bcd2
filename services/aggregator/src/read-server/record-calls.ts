import { codeLabel, type GrpcCallTelemetry, reportRejectedCalls } from '@demand/grpc-server';
import { recordFinishedSpan, SpanKind } from '@demand/telemetry';
import { type CallReport, READ_METHOD } from './call-notes.js';

/** The main thread side: the report's calls in the service's gRPC metrics and traces. */
export function recordCalls(report: CallReport, telemetry: GrpcCallTelemetry): void {
  const { metrics } = telemetry;
  const attributes = { 'rpc.system': 'grpc', 'rpc.method': READ_METHOD };
  report.codes.forEach((code, i) => {
    const startMs = report.startsMs[i]!;
    const durationMs = report.durationsMs[i]!;
    metrics.calls.inc({ method: READ_METHOD, code: codeLabel(code) });
    metrics.latency.observe({ method: READ_METHOD }, durationMs / 1000);
    const error = report.errors[i];
    recordFinishedSpan(READ_METHOD, {
      kind: SpanKind.SERVER,
      carrier: report.carriers[i] ?? {},
      attributes,
      startMs,
      endMs: startMs + durationMs,
      ...(error === undefined ? {} : { error }),
    });
  });
  const refused = reportRejectedCalls(telemetry);
  for (const { method, code, error } of report.refused) refused(method, code, error);
}
