import { LoadingState } from '../../../components/ui/query-states';
import { useSharedFilters } from '../../../lib/shared-filters';
import { useOverview } from '../api/get-overview';
import { OverviewHeadline } from './overview-headline';

/**
 * The first thing on the dashboard, without panel chrome so it fits the first screen on a laptop
 * and a phone: the headline voice's mood, its change (or why none), the topic that moved most and
 * the worst day. Same query as the overview panel below (one request, shared cache).
 */
export function AtAGlance({ from, to, topic }: { from: string; to: string; topic: string | null }) {
  const overview = useOverview({ from, to, topic });
  const voice = useSharedFilters().voice ?? null;
  return (
    <section className="at-a-glance" aria-labelledby="at-a-glance-heading" data-testid="at-a-glance">
      <h2 id="at-a-glance-heading" className="visually-hidden">
        At a glance
      </h2>
      {overview.data ? (
        <OverviewHeadline overview={overview.data} voice={voice} from={from} to={to} topic={topic} />
      ) : overview.isPending ? (
        <LoadingState label="Loading the figures…" />
      ) : null}
    </section>
  );
}
