import { BadRequestError } from '../../plugins/external/error-handler';

/** About three years of days: enough for any dashboard view, small enough to answer fast. */
const MAX_RANGE_DAYS = 1_100;

export function checkRange(from: string, to: string): void {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (days <= 0) throw new BadRequestError(`"to" (${to}) must be after "from" (${from}); "to" is exclusive`);
  if (days > MAX_RANGE_DAYS)
    throw new BadRequestError(`the range is ${days} days; at most ${MAX_RANGE_DAYS} days can be asked at once`);
}
