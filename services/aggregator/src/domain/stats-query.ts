import { ValidationError } from '@demand/event-validation';

export interface DayRange {
  fromDay?: string;
  toDay?: string;
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

function checkDay(value: string, field: string): string | undefined {
  if (!value) return undefined;
  if (!dayPattern.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw new ValidationError(field, `must be a day as YYYY-MM-DD (got ${JSON.stringify(value)})`);
  return value;
}

/** Checks a GetItemStats request; errors name the field. */
export function parseStatsQuery(request: { itemId: string; fromDay: string; toDay: string }): {
  itemId: string;
  range: DayRange;
} {
  if (!request.itemId) throw new ValidationError('item_id', 'is required');
  const range = { fromDay: checkDay(request.fromDay, 'from_day'), toDay: checkDay(request.toDay, 'to_day') };
  if (range.fromDay && range.toDay && range.fromDay > range.toDay)
    throw new ValidationError('from_day', `must not be after to_day (${range.fromDay} > ${range.toDay})`);
  return { itemId: request.itemId, range };
}
