import { BucketSelect } from '../features/filters/components/bucket-select';
import { DateRangeFilter } from '../features/filters/components/date-range-filter';
import { PostFilters } from '../features/filters/components/post-filters';
import { SourceSelect } from '../features/sources/components/source-select';
import { TopicCompare } from '../features/topics/components/topic-compare';
import { TopicSelect } from '../features/topics/components/topic-select';
import type { Filters } from '../lib/url-state';

type Props = { filters: Filters; onChange: (patch: Partial<Filters>) => void };

/** Every control that shapes the view; each change lands in the URL. */
export function DashboardFilters({ filters, onChange }: Props) {
  return (
    <section className="filters" aria-labelledby="filters-heading">
      <h2 id="filters-heading" className="visually-hidden">
        Filters
      </h2>
      <DateRangeFilter from={filters.from} to={filters.to} onChange={(range) => onChange(range)} />
      <div className="filter-group filter-row">
        <BucketSelect value={filters.bucket} onChange={(bucket) => onChange({ bucket })} />
        <TopicSelect
          from={filters.from}
          to={filters.to}
          value={filters.topic}
          onChange={(topic) => onChange({ topic })}
        />
        <SourceSelect value={filters.source} onChange={(source) => onChange({ source })} />
        <PostFilters filters={filters} onChange={onChange} />
      </div>
      <TopicCompare
        from={filters.from}
        to={filters.to}
        value={filters.topic}
        onChange={(topic) => onChange({ topic })}
      />
    </section>
  );
}
