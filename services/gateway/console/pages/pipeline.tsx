import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson } from '../api.js';
import type { PipelineSummary, StageFigures as Stage } from '../../src/domain/pipeline-summary.js';
import { decimal, integer } from '../format.js';

const stageKey = (s: Stage) => `${s.service}|${s.topic}|${s.group}`;

/** Live pipeline: every service's bus and gRPC counters, polled; rates from the difference between polls. */
export function PipelinePage() {
  const [summary, setSummary] = useState<PipelineSummary>();
  const [rates, setRates] = useState(new Map<string, number>());
  const [error, setError] = useState<string>();
  const previous = useRef<PipelineSummary>(undefined);
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      try {
        const next = await getJson<PipelineSummary>('/api/pipeline');
        const before = previous.current;
        if (before) {
          const seconds = (Date.parse(next.scrapedAt) - Date.parse(before.scrapedAt)) / 1000;
          const old = new Map(before.stages.map((s) => [stageKey(s), s.consumed]));
          setRates(
            new Map(
              next.stages.map((s) => [stageKey(s), (s.consumed - (old.get(stageKey(s)) ?? s.consumed)) / seconds]),
            ),
          );
        }
        previous.current = next;
        setSummary(next);
        setError(undefined);
      } catch (e) {
        setError((e as Error).message);
      }
      if (!stopped) timer = setTimeout(poll, 2000);
    };
    let timer = setTimeout(poll, 0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  if (!summary) return <p class={error ? 'error' : 'muted'}>{error ?? 'Loading…'}</p>;
  const dead = summary.deadLetters.reduce((sum, d) => sum + d.records, 0);
  const grpcErrors = summary.grpc.reduce((sum, g) => sum + g.errors, 0);
  return (
    <>
      <div class="row">
        <section class="card">
          <div class="muted">services up</div>
          <div class="figure" data-testid="services-up">
            {summary.services.filter((s) => s.up).length}/{summary.services.length}
          </div>
        </section>
        <section class="card">
          <div class="muted">records dead-lettered</div>
          <div class="figure" data-testid="dead-lettered">
            {integer(dead)}
          </div>
        </section>
        <section class="card">
          <div class="muted">gRPC calls failed</div>
          <div class="figure" data-testid="grpc-errors">
            {integer(grpcErrors)}
          </div>
        </section>
      </div>
      {error && <p class="error">{error}</p>}
      <section class="card">
        <h3>Stages</h3>
        <table data-testid="stages">
          <thead>
            <tr>
              <th>service</th>
              <th>topic</th>
              <th>group</th>
              <th class="num">consumed</th>
              <th class="num">events/s</th>
              <th class="num">lag</th>
              <th class="num">failures</th>
              <th class="num">retries</th>
            </tr>
          </thead>
          <tbody>
            {summary.stages.map((s) => (
              <tr key={stageKey(s)} data-stage={`${s.topic}|${s.group}`}>
                <td>{s.service}</td>
                <td>{s.topic}</td>
                <td>{s.group}</td>
                <td class="num" data-testid="consumed">
                  {integer(s.consumed)}
                </td>
                <td class="num">{rates.has(stageKey(s)) ? decimal(rates.get(stageKey(s)), 1) : '…'}</td>
                <td class="num" data-testid="lag">
                  {s.lag === undefined ? `≈${integer(s.backlog)}` : integer(s.lag)}
                </td>
                <td class="num">{integer(s.failures)}</td>
                <td class="num">{integer(s.retries)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="muted">
          Lag: records of the topic the group has not committed yet, from the broker's offsets.
          {summary.lagError &&
            ` The broker did not answer (${summary.lagError}): ≈ marks records published minus records consumed
              since the services started.`}
        </p>
      </section>
      <section class="card">
        <h3>Dead letters</h3>
        {summary.deadLetters.length === 0 ? (
          <p class="muted">No record has been dead-lettered.</p>
        ) : (
          <table>
            <tbody>
              {summary.deadLetters.map((d) => (
                <tr key={`${d.service}|${d.topic}|${d.stage}`}>
                  <td>{d.service}</td>
                  <td>{d.topic}</td>
                  <td>{d.stage}</td>
                  <td class="num">{integer(d.records)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="card">
        <h3>Services</h3>
        <table>
          <tbody>
            {summary.services.map((s) => (
              <tr key={s.name}>
                <td>{s.name}</td>
                <td>{s.up ? 'up' : <span class="error">down: {s.error}</span>}</td>
                <td class="num">
                  {integer(summary.grpc.filter((g) => g.service === s.name).reduce((sum, g) => sum + g.calls, 0))} gRPC
                  calls
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
