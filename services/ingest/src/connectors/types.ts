import type { PostDeletion, PostDraft } from '@lp/contracts/post';
import type { QuarantinedItem } from '@lp/db/queries/raw-items';
import type { Pseudonymise } from '../lib/pseudonym';

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
}

export interface Connector {
  fetchPage(cursor: Cursor | null): Promise<Page>;
}

export interface ConnectorDeps {
  pseudonymise: Pseudonymise;
  now: () => Date;
}

export interface ConnectorSource {
  id: string;
  config: Record<string, unknown>;
}

export type ConnectorFactory = (source: ConnectorSource, deps: ConnectorDeps) => Connector;
