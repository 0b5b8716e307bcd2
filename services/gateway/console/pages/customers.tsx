import { call } from '../api.js';
import { Status } from '../components/status.js';
import { useAsync } from '../components/use-async.js';
import { decimal, integer, percent, segmentColour } from '../format.js';

interface SegmentList {
  modelVersion?: number;
  k?: number;
  silhouette?: number;
  users?: number;
  segments?: Array<{ id?: number; size?: number; share?: number; description?: string }>;
  points?: Array<{ userId: string; x?: number; y?: number; segmentId?: number }>;
}

interface UserProfile {
  userId: string;
  frequency?: number;
  monetary?: number;
  rScore?: number;
  fScore?: number;
  mScore?: number;
  recencyDays?: number;
  priceBand?: string;
  topCategories?: Array<{ name: string; weight: number }>;
  segmentId?: number;
  segmentDescription?: string;
}

const size = 520;

function SegmentMap({ list }: { list: SegmentList }) {
  const points = list.points ?? [];
  const xs = points.map((p) => p.x ?? 0);
  const ys = points.map((p) => p.y ?? 0);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = (v: number, lo: number, hi: number) => 10 + ((v - lo) / (hi - lo || 1)) * (size - 20);
  return (
    <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} data-testid="segment-map">
      <title>Users on a 2-D projection of their profiles, coloured by segment</title>
      {points.map((p) => (
        <a key={p.userId} href={`#/customers?user=${encodeURIComponent(p.userId)}`}>
          <circle
            cx={scale(p.x ?? 0, minX, maxX)}
            cy={size - scale(p.y ?? 0, minY, maxY)}
            r={3}
            fill={segmentColour(p.segmentId ?? 0)}
            fill-opacity={0.7}
          >
            <title>{p.userId}</title>
          </circle>
        </a>
      ))}
    </svg>
  );
}

function Profile({ userId }: { userId: string }) {
  const state = useAsync(() => call<UserProfile>('Features', 'GetUserProfile', { userId }), [userId]);
  const p = state.data;
  return (
    <section class="card" data-testid="profile">
      <h3>Profile of {userId}</h3>
      <Status state={state} />
      {p && (
        <table>
          <tbody>
            <tr>
              <td>segment</td>
              <td data-testid="profile-segment">
                {p.segmentId ?? '—'} {p.segmentDescription}
              </td>
            </tr>
            <tr>
              <td>purchases (frequency)</td>
              <td data-testid="profile-frequency">{integer(p.frequency)}</td>
            </tr>
            <tr>
              <td>spent (monetary)</td>
              <td>{decimal(p.monetary)}</td>
            </tr>
            <tr>
              <td>days since last purchase</td>
              <td>{p.recencyDays === undefined ? 'never bought' : decimal(p.recencyDays, 1)}</td>
            </tr>
            <tr>
              <td>R / F / M scores</td>
              <td>
                {p.rScore ?? 0} / {p.fScore ?? 0} / {p.mScore ?? 0}
              </td>
            </tr>
            <tr>
              <td>price band</td>
              <td>{p.priceBand || '—'}</td>
            </tr>
            <tr>
              <td>top categories</td>
              <td>
                {(p.topCategories ?? [])
                  .slice(0, 3)
                  .map((c) => c.name)
                  .join(', ')}
              </td>
            </tr>
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Customers: the segment map, segment sizes and descriptions, and one user's profile. */
export function CustomersPage({ userId }: { userId: string | undefined }) {
  const state = useAsync(() => call<SegmentList>('Features', 'ListSegments', { pointLimit: 2000 }), []);
  const list = state.data;
  return (
    <>
      <Status state={state} />
      {list && (list.modelVersion ?? 0) === 0 && <p class="muted">No segmentation yet: too few profiled users.</p>}
      {list && (list.modelVersion ?? 0) > 0 && (
        <div class="row">
          <section class="card">
            <h3>Customer map</h3>
            <SegmentMap list={list} />
            <p class="muted">Click a point to open that user's profile.</p>
          </section>
          <section class="card" style="flex: 1">
            <h3>Segments</h3>
            <p class="muted">
              model v{list.modelVersion}, k = {list.k}, silhouette {decimal(list.silhouette)},{' '}
              <span data-testid="segmented-users">{integer(list.users)}</span> users
            </p>
            <table data-testid="segments">
              <thead>
                <tr>
                  <th>segment</th>
                  <th class="num">users</th>
                  <th class="num">share</th>
                  <th>description</th>
                </tr>
              </thead>
              <tbody>
                {(list.segments ?? []).map((s) => (
                  <tr key={s.id} data-segment={s.id ?? 0}>
                    <td>
                      <span class="swatch" style={`background:${segmentColour(s.id ?? 0)}`} />
                      {s.id ?? 0}
                    </td>
                    <td class="num" data-testid="segment-size">
                      {integer(s.size)}
                    </td>
                    <td class="num">{percent(s.share)}</td>
                    <td>{s.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                const value = new FormData(e.currentTarget).get('user');
                if (typeof value === 'string' && value) location.hash = `#/customers?user=${encodeURIComponent(value)}`;
              }}
            >
              <p>
                <input name="user" placeholder="user id" aria-label="user id" />{' '}
                <button type="submit">Open profile</button>
              </p>
            </form>
            {userId && <Profile userId={userId} />}
          </section>
        </div>
      )}
    </>
  );
}
