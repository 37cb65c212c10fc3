import type { PostDeletion, PostDraft } from '@lp/contracts/post';
import type { QuarantinedItem } from '@lp/db/queries/raw-items';
import type { Pseudonymise } from '../lib/pseudonym';
import type { Watchlist } from '../watchlist';

export type Cursor = Record<string, unknown>;

export interface Page {
  items: Array<{ externalId: string; draft: PostDraft }>;
  /** Posts the platform reports deleted since the last page. */
  deletions?: PostDeletion[];
  /** Items that did not parse: stored with their raw payload and the reason, the rest go on. */
  quarantined: QuarantinedItem[];
  /** Cursor to store with this page (unchanged when nothing new arrived). */
  nextCursor: Cursor | null;
  /** More is waiting right now: poll again at once so a backlog drains quickly. */
  full: boolean;
  /**
   * Posts read from a platform that bills per read (X), or quota units spent (YouTube: one per
   * call): charged to the source's budget for the period with the page.
   */
  reads?: number;
  /**
   * Something went wrong part-way, though what was fetched is stored: shown on the source (state
   * backoff) until the next poll that goes well.
   */
  problem?: string;
  /** The token's expiry as the platform reports it (null: never expires); left out when not checked. */
  credentialExpiresAt?: Date | null;
  /**
   * The platform's rate-limit window is spent (remaining 0): no poll of this source before this
   * time, even though this page succeeded.
   */
  pauseUntil?: Date;
  /**
   * This page starts a history that holds everything posted since this time (the demo's generated
   * past): the hours since then count as covered, backfilled.
   */
  coveredFrom?: Date;
}

export interface Connector {
  fetchPage(cursor: Cursor | null): Promise<Page>;
}

export interface ConnectorDeps {
  pseudonymise: Pseudonymise;
  now: () => Date;
  /** The source's credentials, resolved from the environment (file sources) or decrypted (dashboard sources). */
  secrets: Record<string, string>;
  /** The organisation's names, hashtags and accounts: seeds a source's query when it sets none. */
  watchlist: Watchlist;
  /** Reads (or quota units) left in this budget period for sources with a budget (null: no budget applies). */
  readsLeft: number | null;
}

export interface ConnectorSource {
  id: string;
  config: Record<string, unknown>;
}

export type ConnectorFactory = (source: ConnectorSource, deps: ConnectorDeps) => Connector;
