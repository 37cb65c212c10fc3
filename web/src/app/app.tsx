import { useMemo } from 'react';
import { DrillDownDialog } from '../features/posts/components/drill-down-dialog';
import { useEvents } from '../features/events/api/get-events';
import { EventAnnotations } from '../features/events/components/event-annotations';
import { OverviewPanel } from '../features/overview/components/overview-panel';
import { RecentPosts } from '../features/posts/components/recent-posts';
import { PostSearch } from '../features/search/components/post-search';
import { SourceStatus } from '../features/sources/components/source-status';
import { SyntheticBanner } from '../features/sources/components/synthetic-banner';
import { useTopics } from '../features/topics/api/get-topics';
import { TopicBreakdown } from '../features/topics/components/topic-breakdown';
import { SentimentTrend } from '../features/trends/components/sentiment-trend';
import { formatRange } from '../lib/dates';
import { useFilters } from '../lib/url-state';
import { REFETCH_INTERVAL_MS } from '../lib/query-client';
import { useView } from '../lib/view-state';
import { SourcesView } from '../features/sources/components/sources-view';
import { AppNav } from './app-nav';
import { DashboardFilters } from './dashboard-filters';

export function App() {
  const [view, setView] = useView();

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="site-header">
        <div className="container">
          <p className="site-title">Listening Post</p>
          <p className="site-tagline">
            How NHS staff and the public feel about compassion, patient safety, staffing, pay and more
          </p>
        </div>
      </header>
      <SyntheticBanner />
      <AppNav view={view} onChange={setView} />
      <main id="main" className="container" tabIndex={-1}>
        {view === 'sources' ? <SourcesView /> : <DashboardView />}
      </main>
      <footer className="site-footer">
        <div className="container">
          Listening Post reads public posts only. Times are UK time (Europe/London). Figures refresh every{' '}
          {REFETCH_INTERVAL_MS / 1000} seconds.
        </div>
      </footer>
    </>
  );
}

/** The sentiment dashboard: filters, trend, topics, posts and source status. */
function DashboardView() {
  const [filters, setFilters] = useFilters();
  const { from, to, bucket, topic } = filters;

  // Posts and the trend description only carry topic ids; the topics query (shared with the chart) names them.
  const topics = useTopics({ from, to });
  const topicNames = useMemo(() => new Map((topics.data?.topics ?? []).map((t) => [t.id, t.name])), [topics.data]);
  const topicName = topic ? (topicNames.get(topic) ?? topic) : null;
  const events = useEvents({ from, to });

  return (
    <>
      <h1>Sentiment dashboard</h1>
      <DashboardFilters filters={filters} onChange={setFilters} />
      <p className="view-summary" aria-live="polite">
        Showing {formatRange({ from, to })}
        {topicName ? (
          <>
            {' '}
            · topic <strong>{topicName}</strong>{' '}
            <button type="button" className="link-button" onClick={() => setFilters({ topic: null })}>
              Clear topic
            </button>
          </>
        ) : (
          ' · all topics'
        )}
      </p>
      <OverviewPanel from={from} to={to} topic={topic} topicName={topicName ?? undefined} />
      <PostSearch
        from={from}
        to={to}
        topic={topic}
        topicNames={topicNames}
        onTopicSelect={(id) => setFilters({ topic: id })}
      />
      <div className="dashboard-grid">
        <SentimentTrend
          from={from}
          to={to}
          bucket={bucket}
          topic={topic}
          topicName={topicName ?? undefined}
          events={events.data?.events}
        >
          <EventAnnotations from={from} to={to} />
        </SentimentTrend>
        <TopicBreakdown from={from} to={to} selected={topic} onSelect={(id) => setFilters({ topic: id })} />
        <RecentPosts
          from={from}
          to={to}
          topic={topic}
          topicNames={topicNames}
          onTopicSelect={(id) => setFilters({ topic: id })}
        />
        <SourceStatus />
      </div>
      <DrillDownDialog topicNames={topicNames} />
    </>
  );
}
