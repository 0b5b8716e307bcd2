import type { ModelVersion, ModelWatch, WatchOptions } from './model-store.port.js';

export const DEFAULT_WATCH_INTERVAL_MS = 1000;

/**
 * Polls for versions newer than the last one announced and hands them to `onPublished` in
 * increasing order, one at a time. Ticks never overlap; the timer does not keep the process alive.
 */
export function pollForNewVersions(
  startAfter: number,
  fetchNewer: (after: number) => Promise<ModelVersion[]>,
  onPublished: (version: ModelVersion) => void | Promise<void>,
  options: WatchOptions = {},
): ModelWatch {
  const intervalMs = options.intervalMs ?? DEFAULT_WATCH_INTERVAL_MS;
  if (!(intervalMs > 0)) throw new RangeError('intervalMs must be positive');
  const report =
    options.onError ??
    ((error: unknown) => process.emitWarning(Error.isError(error) ? error : String(error), 'ModelStoreWatchWarning'));
  let lastAnnounced = startAfter;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => void tick(), intervalMs);
    timer.unref();
  };

  const tick = async (): Promise<void> => {
    try {
      const newer = await fetchNewer(lastAnnounced);
      for (const version of [...newer].sort((a, b) => a.version - b.version)) {
        if (stopped) return;
        if (version.version <= lastAnnounced) continue;
        lastAnnounced = version.version;
        try {
          await onPublished(version);
        } catch (error) {
          report(error);
        }
      }
    } catch (error) {
      if (!stopped) report(error);
    } finally {
      schedule();
    }
  };

  schedule();
  return {
    stop(): void {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
