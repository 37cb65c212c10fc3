import { formatCount } from '../../lib/format';

/** The slice of a TanStack infinite query the footer needs. */
export interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: { message: string } | null;
  fetchNextPage: () => Promise<unknown>;
}

/** "Showing N posts" and "Load more" under every paged post list (stream, search, drill-down). */
export function LoadMore({
  shown,
  noun,
  complete,
  query,
}: {
  shown: number;
  noun: string;
  complete: string;
  query: PagedQuery;
}) {
  return (
    <div className="post-list-footer">
      <p role="status" className="post-count">
        Showing {formatCount(shown)} {noun}
        {shown === 1 ? '' : 's'}
        {query.hasNextPage ? '' : ` ${complete}`}
      </p>
      {query.isFetchNextPageError ? (
        <p className="field-error" role="alert">
          Could not load more: {query.error?.message}
        </p>
      ) : null}
      {query.hasNextPage ? (
        <button
          type="button"
          className="button"
          onClick={() => void query.fetchNextPage()}
          disabled={query.isFetchingNextPage}
        >
          {query.isFetchingNextPage ? 'Loading more…' : 'Load more'}
        </button>
      ) : null}
    </div>
  );
}

/** Pages are refetched one after another while posts keep arriving, so a post could straddle two pages. */
export function uniqueById<T extends { id: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.id) && Boolean(seen.add(item.id)));
}
