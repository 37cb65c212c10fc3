import { WITHHELD_NOTE } from '../../lib/format';

/** Whether an answer withheld any small count (`suppressed: true` anywhere in it). */
export function anyWithheld(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(anyWithheld);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return o.suppressed === true || Object.values(o).some(anyWithheld);
  }
  return false;
}

/** Says why some counts read "<10", under a view whose answer withheld any. */
export function WithheldNote({ data }: { data: unknown }) {
  return anyWithheld(data) ? (
    <p className="withheld-note" data-testid="withheld-note">
      {WITHHELD_NOTE} Shares, mean scores and changes that would reveal them are left out too.
    </p>
  ) : null;
}
