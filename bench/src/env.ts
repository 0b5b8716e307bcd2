/**
 * A bench setting that must be a positive integer: `fallback` when unset, an error for anything else (0 or a typo
 * would otherwise run a loop that never advances, or an empty bench that reports nonsense).
 */
export function positiveIntFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0 || text.trim() === '')
    throw new Error(`${name} must be a positive integer, not ${JSON.stringify(text)}`);
  return value;
}

/** As positiveIntFromEnv, but 0 is a valid setting (a step turned off). */
export function nonNegativeIntFromEnv(name: string, fallback: number): number {
  return process.env[name]?.trim() === '0' ? 0 : positiveIntFromEnv(name, fallback);
}
