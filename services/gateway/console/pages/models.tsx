import { call } from '../api.js';
import { OnlineOverTime } from '../components/online-over-time.js';
import { Status } from '../components/status.js';
import { useAsync } from '../components/use-async.js';
import { decimal, integer, percent } from '../format.js';

interface ModelMetrics {
  windowStart?: string;
  windowEnd?: string;
  metrics?: Array<{
    modelVersion?: string;
    arm?: string;
    segment?: string;
    served?: number;
    clickedLists?: number;
    convertedLists?: number;
    ctr?: number;
    cvr?: number;
    revenuePerMille?: number;
    coverage?: number;
  }>;
  comparisons?: Array<{
    metric?: string;
    controlArm?: string;
    treatmentArm?: string;
    enoughData?: boolean;
    note?: string;
    difference?: number;
    ciLow?: number;
    ciHigh?: number;
    pValue?: number;
    significant?: boolean;
  }>;
  forecastAccuracy?: Array<{ modelVersion?: string; series?: number; points?: number; wape?: number; mase?: number }>;
  classifierAccuracy?: Array<{
    head?: string;
    modelVersion?: string;
    truth?: string;
    count?: number;
    accuracy?: number;
  }>;
  versions?: Array<{ model?: string; version?: string; offlineMetrics?: Record<string, number>; receivedAt?: string }>;
  decisions?: Array<{
    version?: string;
    championVersion?: string;
    decision?: string;
    reason?: string;
    decidedAt?: string;
  }>;
  drift?: Array<{
    checkedAt?: string;
    detector?: string;
    subject?: string;
    value?: number;
    threshold?: number;
    drifted?: boolean;
  }>;
  trainingRequests?: Array<{ model?: string; reason?: string; requestedAt?: string }>;
}

const when = (iso: string | undefined) => (iso ? iso.slice(0, 19).replace('T', ' ') : '');
/** NaN travels as the string "NaN" in proto3 JSON. */
const figure = (n: number | string | undefined, digits = 3) => (typeof n === 'number' ? decimal(n, digits) : '–');

/** Models: online metrics per version and arm, A/B verdicts, versions, the gate's decisions, drift, retraining. */
export function ModelsPage() {
  const state = useAsync(
    () => call<ModelMetrics>('Feedback', 'GetModelMetrics', { windowHours: 0, controlArm: '', treatmentArm: '' }),
    [],
  );
  const answer = state.data;
  return (
    <>
      <Status state={state} />
      {answer && (
        <>
          <section class="card">
            <h3>Online metrics per model version and arm</h3>
            <p class="muted">
              {when(answer.windowStart)} – {when(answer.windowEnd)} UTC, every segment
            </p>
            <table data-testid="online-metrics">
              <thead>
                <tr>
                  <th>version</th>
                  <th>arm</th>
                  <th class="num">lists served</th>
                  <th class="num">CTR</th>
                  <th class="num">CVR</th>
                  <th class="num">revenue / 1000 lists</th>
                  <th class="num">coverage</th>
                </tr>
              </thead>
              <tbody>
                {(answer.metrics ?? [])
                  .filter((m) => !m.segment)
                  .map((m) => (
                    <tr key={`${m.modelVersion}|${m.arm}`} data-testid="online-row">
                      <td>{m.modelVersion}</td>
                      <td>{m.arm}</td>
                      <td class="num" data-testid="served">
                        {integer(m.served)}
                      </td>
                      <td class="num" data-testid="ctr">
                        {percent(m.ctr)}
                      </td>
                      <td class="num" data-testid="cvr">
                        {percent(m.cvr)}
                      </td>
                      <td class="num">{decimal(m.revenuePerMille)}</td>
                      <td class="num">{percent(m.coverage)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
            {(answer.comparisons ?? []).map((c) => (
              <p key={`${c.metric}|${c.treatmentArm}`} data-testid="comparison">
                {c.metric?.toUpperCase()} {c.treatmentArm} − {c.controlArm}:{' '}
                {c.enoughData
                  ? `${percent(c.difference)} [${percent(c.ciLow)}, ${percent(c.ciHigh)}], p = ${figure(c.pValue)}` +
                    (c.significant ? ' (significant)' : ' (not significant)')
                  : c.note}
              </p>
            ))}
          </section>
          <OnlineOverTime />
          <section class="card">
            <h3>Published versions</h3>
            <table data-testid="versions">
              <tbody>
                {(answer.versions ?? []).map((v) => (
                  <tr key={`${v.model}|${v.version}`}>
                    <td data-testid="version">{v.version}</td>
                    <td>{v.model}</td>
                    <td class="muted">{when(v.receivedAt)}</td>
                    <td>
                      {Object.entries(v.offlineMetrics ?? {})
                        .map(([name, value]) => `${name} ${figure(value)}`)
                        .join(' · ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>Promotions and rollbacks</h3>
            {(answer.decisions ?? []).length === 0 && <p class="muted">No decision yet.</p>}
            <ul data-testid="decisions">
              {(answer.decisions ?? []).map((d) => (
                <li key={`${d.version}|${d.decidedAt}`} data-testid="decision">
                  <strong>{d.decision}</strong> {d.version} against {d.championVersion}{' '}
                  <span class="muted">{when(d.decidedAt)}</span>: {d.reason}
                </li>
              ))}
            </ul>
          </section>
          <section class="card">
            <h3>Drift (latest check)</h3>
            {(answer.drift ?? []).length === 0 && <p class="muted">No drift check yet.</p>}
            <table data-testid="drift">
              <tbody>
                {(answer.drift ?? []).map((f) => (
                  <tr key={`${f.detector}|${f.subject}`} class={f.drifted ? 'alarm' : ''}>
                    <td>{f.drifted ? 'drifted' : 'ok'}</td>
                    <td>{f.detector}</td>
                    <td>{f.subject}</td>
                    <td class="num" data-testid="drift-value">
                      {figure(f.value)}
                    </td>
                    <td class="num muted">threshold {figure(f.threshold)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>Retraining requests</h3>
            <ul data-testid="training-requests">
              {(answer.trainingRequests ?? []).map((r) => (
                <li key={`${r.model}|${r.requestedAt}`}>
                  {r.model} <span class="muted">{when(r.requestedAt)}</span>: {r.reason}
                </li>
              ))}
            </ul>
          </section>
          <section class="card">
            <h3>Forecast and text-model accuracy</h3>
            {(answer.forecastAccuracy ?? []).length + (answer.classifierAccuracy ?? []).length === 0 && (
              <p class="muted">Nothing scored yet: forecast days close, and reviews or operator labels arrive.</p>
            )}
            <table data-testid="accuracy">
              <tbody>
                {(answer.forecastAccuracy ?? []).map((a) => (
                  <tr key={`forecast|${a.modelVersion}`}>
                    <td>forecast {a.modelVersion}</td>
                    <td class="num">{integer(a.points)} days scored</td>
                    <td class="num">WAPE {figure(a.wape)}</td>
                    <td class="num">MASE {figure(a.mase)}</td>
                  </tr>
                ))}
                {(answer.classifierAccuracy ?? []).map((c) => (
                  <tr key={`${c.head}|${c.modelVersion}|${c.truth}`}>
                    <td>
                      {c.head} {c.modelVersion}
                    </td>
                    <td class="num">
                      {integer(c.count)} against {c.truth}
                    </td>
                    <td class="num">accuracy {percent(c.accuracy)}</td>
                    <td />
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </>
  );
}
