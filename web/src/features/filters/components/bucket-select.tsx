import type { Bucket } from '@lp/contracts/api';

/** Whether the trend counts posts per day or per week. */
export function BucketSelect({ value, onChange }: { value: Bucket; onChange: (bucket: Bucket) => void }) {
  return (
    <div className="field">
      <label htmlFor="filter-bucket">Group by</label>
      <select
        id="filter-bucket"
        data-testid="filter-bucket"
        value={value}
        onChange={(event) => onChange(event.target.value === 'week' ? 'week' : 'day')}
      >
        <option value="day">Day</option>
        <option value="week">Week</option>
      </select>
    </div>
  );
}
