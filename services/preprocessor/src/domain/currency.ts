/**
 * Prices in one currency unit. `rates` say how many units of the base currency one unit of
 * another currency is worth (a configured table, e.g. USD=7.1 with base CNY).
 */
export interface CurrencyTable {
  readonly base: string;
  readonly rates: ReadonlyMap<string, number>;
}

export type Conversion = { ok: true; amount: number; converted: boolean } | { ok: false; problem: string };

/** Converts an amount to the base currency, rounded to cents. An empty currency means the base currency. */
export function toBaseCurrency(amount: number, currency: string, table: CurrencyTable): Conversion {
  if (currency === '' || currency === table.base) return { ok: true, amount, converted: false };
  const rate = table.rates.get(currency);
  if (rate === undefined) {
    return {
      ok: false,
      problem: `has no exchange rate to ${table.base} configured (got ${JSON.stringify(currency)}; known: ${[table.base, ...table.rates.keys()].join(', ')})`,
    };
  }
  return { ok: true, amount: Math.round(amount * rate * 100) / 100, converted: true };
}

/**
 * Parses `CODE=rate,CODE=rate` (rate = units of `base` per unit of CODE); lists every bad entry.
 * The base currency itself is implied (rate 1) and may not be listed with another rate.
 */
export function parseCurrencyTable(base: string, spec: string): { table: CurrencyTable } | { problems: string[] } {
  const problems: string[] = [];
  const rates = new Map<string, number>();
  if (!/^[A-Z]{3}$/.test(base))
    problems.push(`base currency must be an ISO 4217 code such as CNY (got ${JSON.stringify(base)})`);
  for (const entry of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = /^([A-Z]{3})\s*=\s*([0-9]*\.?[0-9]+(?:e-?\d+)?)$/i.exec(entry);
    const rate = match ? Number(match[2]) : Number.NaN;
    if (!match || !Number.isFinite(rate) || rate <= 0) {
      problems.push(`expected CODE=rate with a positive rate, e.g. USD=7.1 (got ${JSON.stringify(entry)})`);
      continue;
    }
    const code = match[1]!.toUpperCase();
    if (code === base && rate !== 1) problems.push(`${code} is the base currency; its rate is 1 (got ${rate})`);
    else if (rates.has(code)) problems.push(`${code} is listed twice`);
    else if (code !== base) rates.set(code, rate);
  }
  return problems.length > 0 ? { problems } : { table: { base, rates } };
}
