/** Something local mode closes on stop, named for the error when it fails. */
export interface ClosablePart {
  name: string;
  close(): Promise<void>;
}

/** What local mode closes on stop: the service stages, then the shared analytics store, then the broker. */
export interface PlatformParts {
  /** In start order; stopped the last first, the services of one stage together. */
  stages: readonly (readonly ClosablePart[])[];
  store: ClosablePart;
  broker: ClosablePart;
}

/**
 * Closes every part even when some fail (a service that throws on close must not leave the store's
 * directory locked or the broker running), then throws one error naming every part that failed:
 * an AggregateError holding each failure as it was thrown.
 */
export async function stopPlatformParts(parts: PlatformParts): Promise<void> {
  const failures: { part: string; error: unknown }[] = [];
  const closeAll = async (group: readonly ClosablePart[]) => {
    const results = await Promise.allSettled(group.map((part) => part.close()));
    results.forEach((result, i) => {
      if (result.status === 'rejected') failures.push({ part: group[i]!.name, error: result.reason });
    });
  };
  for (const stage of [...parts.stages].reverse()) await closeAll(stage);
  await closeAll([parts.store]);
  await closeAll([parts.broker]);
  if (failures.length === 0) return;
  const named = failures.map(({ part, error }) => `${part}: ${Error.isError(error) ? error.message : String(error)}`);
  throw new AggregateError(
    failures.map((f) => f.error),
    `local platform stop: ${failures.length} part(s) failed to close (${named.join('; ')})`,
  );
}
