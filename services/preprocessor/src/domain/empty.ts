/** The one empty list shared by the many events without flags (or texts): nothing allocated for them. */
export const EMPTY: readonly never[] = Object.freeze([]);
