import type { AsyncState } from './use-async.js';

/** Loading and error lines shared by every page. */
export function Status({ state }: { state: AsyncState<unknown> }) {
  if (state.error)
    return (
      <p class="error" data-testid="error">
        {state.error}
      </p>
    );
  if (state.loading && state.data === undefined) return <p class="muted">Loading…</p>;
  return null;
}
