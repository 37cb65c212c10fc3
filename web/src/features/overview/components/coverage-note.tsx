import type { OverviewResponse } from '@lp/contracts/overview';

/**
 * Which sources collected data on how many of the period's days: a quiet period is never mistaken
 * for an outage, and the comparison's reason can be checked. Closed by default below the headline.
 */
export function CoverageNote({ overview }: { overview: OverviewResponse }) {
  const gaps = overview.coverage.filter((c) => c.daysCovered < c.days || c.previousDaysCovered < c.previousDays);
  const missed = overview.coverage.flatMap((c) => (c.missed ?? []).map((m) => ({ ...m, source: c.name })));
  if (overview.coverage.length === 0) return null;
  return (
    <details className="coverage-note" data-testid="coverage-note">
      <summary>
        Data coverage:{' '}
        {gaps.length === 0
          ? `every source collected every day of both periods`
          : `${gaps.length} of ${overview.coverage.length} sources have gaps`}
      </summary>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Days of data per source">
        <table className="data-table">
          <caption className="visually-hidden">Whole days of data per source, this period and the one before</caption>
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col" className="num">
                This period
              </th>
              <th scope="col" className="num">
                Period before
              </th>
              <th scope="col" className="num">
                Failed polls
              </th>
            </tr>
          </thead>
          <tbody>
            {overview.coverage.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.name}</th>
                <td className="num">
                  {c.daysCovered} of {c.days} days
                </td>
                <td className="num">
                  {c.previousDaysCovered} of {c.previousDays} days
                </td>
                <td className="num">{c.failedPolls}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {missed.length > 0 ? (
        <ul className="coverage-missed" data-testid="coverage-missed">
          {missed.map((m) => (
            <li key={`${m.source}-${m.from}`}>
              {m.source} missed {londonTime(m.from)} to {londonTime(m.to)}: {m.reason.replace(/:.*$/, '')}.
            </li>
          ))}
        </ul>
      ) : null}
    </details>
  );
}

const londonTime = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });
