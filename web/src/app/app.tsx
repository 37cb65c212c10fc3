import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ErrorState, LoadingState } from '../components/ui/query-states';
import { useMe } from '../features/auth/api/get-me';
import { AccountMenu } from '../features/auth/components/account-menu';
import { AccountView } from '../features/auth/components/account-view';
import { SignInPage } from '../features/auth/components/sign-in-page';
import { AuditView } from '../features/audit/components/audit-view';
import { AlertsView } from '../features/alerts/components/alerts-view';
import { UsersView } from '../features/users/components/users-view';
import { SessionProvider, useCan } from '../lib/session';
import { DrillDownDialog } from '../features/posts/components/drill-down-dialog';
import { useEvents } from '../features/events/api/get-events';
import { EventAnnotations } from '../features/events/components/event-annotations';
import { AtAGlance } from '../features/overview/components/at-a-glance';
import { OverviewPanel } from '../features/overview/components/overview-panel';
import { useOverview } from '../features/overview/api/get-overview';
import { ExportMenu } from '../features/exports/components/export-menu';
import { RecentPosts } from '../features/posts/components/recent-posts';
import { PostSearch } from '../features/search/components/post-search';
import { SourceStatus } from '../features/sources/components/source-status';
import { SyntheticBanner } from '../features/sources/components/synthetic-banner';
import { LabelSampleView } from '../features/labels/components/label-sample-view';
import { ModelNote } from '../features/model/components/model-note';
import { ModelView } from '../features/model/components/model-view';
import { useTopics } from '../features/topics/api/get-topics';
import { TopicBreakdown } from '../features/topics/components/topic-breakdown';
import { SentimentTrend } from '../features/trends/components/sentiment-trend';
import { topicList, useFilters } from '../lib/url-state';
import { REFETCH_INTERVAL_MS } from '../lib/query-client';
import { parseView, useView, viewSearch, type View } from '../lib/view-state';
import { ReportView } from '../features/reports/components/report-view';
import { SourcesView } from '../features/sources/components/sources-view';
import { WatchlistView } from '../features/watchlist/components/watchlist-view';
import { AppNav } from './app-nav';

// Loaded only when asked for: the statement and its Markdown reader stay out of the main bundle.
const AccessibilityStatement = lazy(() => import('../features/accessibility/components/accessibility-statement'));

function Statement() {
  return (
    <Suspense fallback={<LoadingState label="Loading the accessibility statement…" />}>
      <AccessibilityStatement />
    </Suspense>
  );
}
import { DashboardFilters } from './dashboard-filters';
import { ClearFilters, hasViewFilters, ViewSummary } from './view-summary';

export function App() {
  const me = useMe();
  // Had this page a session that then ended? Then sign-in says so, rather than greeting a newcomer.
  const [hadSession, setHadSession] = useState(false);
  const user = me.data?.user ?? null;
  useEffect(() => {
    if (user) setHadSession(true);
  }, [user]);

  if (me.isPending)
    return (
      <Shell>
        <LoadingState label="Checking your sign-in…" />
      </Shell>
    );
  if (!user)
    return (
      <Shell>
        {parseView(window.location.search) === 'accessibility' ? (
          <Statement />
        ) : me.isError ? (
          <ErrorState what="your sign-in" error={me.error} onRetry={() => void me.refetch()} retrying={me.isFetching} />
        ) : (
          <SignInPage expired={hadSession} />
        )}
      </Shell>
    );
  return (
    <SessionProvider user={user}>
      <SignedInApp />
    </SessionProvider>
  );
}

function SignedInApp() {
  const [view, setView] = useView();
  const isAdmin = useCan('admin');
  const isAnalyst = useCan('analyst');
  // A shared link to an admin (or analyst) view opened by someone else shows the dashboard, not a refusal.
  const shown: View =
    (ADMIN_VIEWS.includes(view) && !isAdmin) || (ANALYST_VIEWS.includes(view) && !isAnalyst) ? 'dashboard' : view;

  return (
    <Shell
      nav={<AppNav view={shown} onChange={setView} />}
      account={
        <AccountMenu
          accountHref={`${window.location.pathname}${viewSearch('account', window.location.search)}`}
          onAccount={() => setView('account')}
        />
      }
    >
      {shown === 'accessibility' ? (
        <Statement />
      ) : shown === 'report' ? (
        <ReportView />
      ) : shown === 'labels' ? (
        <LabelSampleView />
      ) : shown === 'alerts' ? (
        <AlertsView />
      ) : shown === 'model' ? (
        <ModelView />
      ) : shown === 'sources' ? (
        <SourcesView />
      ) : shown === 'watchlist' ? (
        <WatchlistView />
      ) : shown === 'users' ? (
        <UsersView />
      ) : shown === 'audit' ? (
        <AuditView />
      ) : shown === 'account' ? (
        <AccountView />
      ) : (
        <DashboardView />
      )}
    </Shell>
  );
}

const ADMIN_VIEWS: readonly View[] = ['sources', 'watchlist', 'users', 'audit'];
const ANALYST_VIEWS: readonly View[] = ['labels', 'alerts'];

/** Header, synthetic-data banner, main and footer: the same frame signed in or not. */
function Shell({ nav, account, children }: { nav?: ReactNode; account?: ReactNode; children: ReactNode }) {
  return (
    <>
      <a className="nhsuk-skip-link" href="#main">
        Skip to main content
      </a>
      <header className="nhsuk-header">
        <div className="nhsuk-header__container">
          <div className="nhsuk-header__logo">
            <a
              className="nhsuk-header__link nhsuk-header__link--service"
              href={window.location.pathname}
              aria-label="Listening Post homepage"
            >
              <NhsLogo />
              <span className="nhsuk-header__service-name">Listening Post</span>
            </a>
          </div>
          {account ?? (
            <p className="site-tagline">
              How NHS staff and the public feel about compassion, patient safety, staffing, pay and more
            </p>
          )}
        </div>
        {nav}
      </header>
      {account ? <SyntheticBanner /> : null}
      <div className="nhsuk-width-container">
        <main id="main" className="nhsuk-main-wrapper nhsuk-main-wrapper--s" tabIndex={-1}>
          {children}
        </main>
      </div>
      <footer>
        <div className="nhsuk-footer-container">
          <div className="nhsuk-width-container">
            <p className="nhsuk-footer__copyright">
              Listening Post reads public posts only. Times are UK time (Europe/London). Figures refresh every{' '}
              {REFETCH_INTERVAL_MS / 1000} seconds.
            </p>
            <p className="nhsuk-footer__copyright">
              <a className="footer-link" href="?view=accessibility">
                Accessibility statement
              </a>
            </p>
          </div>
        </div>
      </footer>
    </>
  );
}

/** The NHS logo exactly as nhsuk-frontend's header template draws it; the link around it carries the name. */
function NhsLogo() {
  return (
    <svg
      className="nhsuk-logo"
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 40 16"
      height="40"
      width="100"
      aria-hidden="true"
      focusable="false"
    >
      <path className="nhsuk-logo__background" fill="#005eb8" d="M0 0h40v16H0z" />
      <path
        className="nhsuk-logo__text"
        fill="#fff"
        d="M3.9 1.5h4.4l2.6 9h.1l1.8-9h3.3l-2.8 13H9l-2.7-9h-.1l-1.8 9H1.1M17.3 1.5h3.6l-1 4.9h4L25 1.5h3.5l-2.7 13h-3.5l1.1-5.6h-4.1l-1.2 5.6h-3.4M37.7 4.4c-.7-.3-1.6-.6-2.9-.6-1.4 0-2.5.2-2.5 1.3 0 1.8 5.1 1.2 5.1 5.1 0 3.6-3.3 4.5-6.4 4.5-1.3 0-2.9-.3-4-.7l.8-2.7c.7.4 2.1.7 3.2.7s2.8-.2 2.8-1.5c0-2.1-5.1-1.3-5.1-5 0-3.4 2.9-4.4 5.8-4.4 1.6 0 3.1.2 4 .6"
      />
    </svg>
  );
}

/** The sentiment dashboard: filters, trend, topics, posts and source status. */
function DashboardView() {
  const [filters, setFilters] = useFilters();
  // Posts, search and drill-down are the analyst's; viewers (executives) read the figures.
  const canReadPosts = useCan('analyst');
  const { from, to, bucket, topic } = filters;

  // Posts and the trend description only carry topic ids; the topics query (shared with the chart) names them.
  const topics = useTopics({ from, to });
  const topicNames = useMemo(() => new Map((topics.data?.topics ?? []).map((t) => [t.id, t.name])), [topics.data]);
  const chosen = topicList(topic);
  const topicName = chosen.length ? chosen.map((id) => topicNames.get(id) ?? id).join(', ') : null;
  // One topic filters the overview; several get a block each there, never their union.
  const singleTopic = chosen.length === 1 ? topic : null;
  // The filters fold into a one-line summary, so the figures are on the first screen.
  const [filtersOpen, setFiltersOpen] = useState(false);
  const events = useEvents({ from, to });
  // The same query as the overview panel's (shared from the cache): how many posts an export of this view holds.
  const overview = useOverview({ from, to, topic });

  return (
    <>
      <h1 className="dashboard-title">Sentiment dashboard</h1>
      <ModelNote />
      <div className="view-bar">
        <details
          className="filters-disclosure"
          open={filtersOpen}
          onToggle={(e) => setFiltersOpen((e.currentTarget as HTMLDetailsElement).open)}
          data-testid="filters-disclosure"
        >
          <summary>
            <ViewSummary filters={filters} topicName={topicName} />{' '}
            <span className="filters-disclosure-action">{filtersOpen ? 'Hide filters' : 'Change'}</span>
          </summary>
          <DashboardFilters filters={filters} onChange={setFilters} />
        </details>
        {hasViewFilters(filters) ? <ClearFilters onChange={setFilters} /> : null}
        {canReadPosts ? (
          <ExportMenu from={from} to={to} topic={topic} posts={overview.data?.current.total ?? null} />
        ) : null}
      </div>
      <AtAGlance from={from} to={to} topic={topic} />
      <OverviewPanel
        from={from}
        to={to}
        topic={topic}
        topicName={singleTopic ? (topicName ?? undefined) : undefined}
        topicNames={topicNames}
        onTopicSelect={(id) => setFilters({ topic: id })}
      />
      {canReadPosts ? (
        <PostSearch
          from={from}
          to={to}
          topic={topic}
          topicNames={topicNames}
          onTopicSelect={(id) => setFilters({ topic: id })}
        />
      ) : null}
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
        {canReadPosts ? (
          <RecentPosts
            from={from}
            to={to}
            topic={topic}
            topicNames={topicNames}
            onTopicSelect={(id) => setFilters({ topic: id })}
          />
        ) : null}
        <SourceStatus />
      </div>
      {canReadPosts ? <DrillDownDialog topicNames={topicNames} /> : null}
    </>
  );
}
