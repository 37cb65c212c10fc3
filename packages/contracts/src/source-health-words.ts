import { isStreamSourceType } from './source-types';

/**
 * The health table in plain words: what a source is doing and what, if anything, an admin should do
 * next. One place, so the API's answer and every view say the same thing. The reasons it reads are
 * the ingest poller's own (services/ingest lib/errors, lib/http, lib/source-secrets).
 */
export interface SourceHealthFacts {
  type: string;
  managedBy: 'file' | 'dashboard';
  enabled: boolean;
  state: string;
  lastError: string | null;
  lastSuccessAt: string | null;
  postsLastDay: number;
  itemsWaiting: number;
  /** When the token stops working, as the platform reported it (null or absent: unknown or never). */
  credentialExpiresAt?: string | null;
  /** The latest span it knows it missed (last 7 days), if any. */
  lastGap?: { from: string; to: string; reason: string } | null;
}

export interface SourceHealthWords {
  /** One short sentence: what is happening. */
  summary: string;
  /** What to do about it, or null when nothing is needed. */
  nextAction: string | null;
  /** How it should look: fine, needs watching, needs someone. */
  tone: 'good' | 'warn' | 'bad' | 'idle';
}

/** Where a credential or address is changed depends on who manages the source. */
const editWhere = (f: SourceHealthFacts) =>
  f.managedBy === 'dashboard' ? 'in Edit, then Resume' : 'in the sources file or the ingest environment, then Resume';

/** A token that stops working within this many days is flagged while the source still collects. */
const EXPIRY_WARNING_DAYS = 7;

/** Many waiting items mean tagging is behind, not that the source is failing. */
const WAITING_BACKLOG = 1_000;

function stoppedWords(f: SourceHealthFacts, error: string): SourceHealthWords {
  const bad = (summary: string, nextAction: string): SourceHealthWords => ({ summary, nextAction, tone: 'bad' });
  if (/wants a sign-in/.test(error))
    return bad('This feed is not public: it asks for a sign-in.', `Use the address of a public feed ${editWhere(f)}.`);
  if (/^40[13]\b|token was refused|refused (to sign in|access)|wants credentials|issued no access token/i.test(error))
    return bad('The platform refused the token or password.', `Token refused or expired: replace it ${editWhere(f)}.`);
  if (/missing credentials|is not set in the ingest process/i.test(error))
    return bad('A credential is missing.', `Add the missing credential ${editWhere(f)}.`);
  if (/SECRETS_KEY is not set/.test(error))
    return bad(
      'The stored credentials cannot be read.',
      'Set SECRETS_KEY for the ingest service to the key the API uses, then Resume.',
    );
  if (/not a feed/i.test(error))
    return bad('This address is not a feed.', `Enter the feed's own address ${editWhere(f)}.`);
  if (/^not fetched:/.test(error))
    return bad('The address is private or not allowed.', `Use a public https address ${editWhere(f)}.`);
  if (/\b(404|410)\b/.test(error))
    return bad('The address or account no longer exists.', `Check the address or account ${editWhere(f)}.`);
  if (/\b(400|422)\b/.test(error))
    return bad('The platform refused the request as written.', `Check the search terms and settings ${editWhere(f)}.`);
  return bad('Stopped by an error that retrying cannot fix.', `Read the reason, fix the settings ${editWhere(f)}.`);
}

const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'Europe/London',
  });

const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });

/** The live stream carries events every second: this long without storing any means no consumer is reading it. */
const STREAM_SILENT_MINUTES = 15;

/** `now`: the time to judge a token's expiry against (the API passes the clock; omitted, expiry is not judged). */
export function describeSourceHealth(f: SourceHealthFacts, now?: Date): SourceHealthWords {
  const error = f.lastError ?? '';
  if (isStreamSourceType(f.type) && f.enabled) {
    if (f.state === 'new')
      return {
        summary: 'Waiting for the stream consumer to connect.',
        nextAction:
          'If this lasts more than a minute, check that an ingest process runs with the stream role (INGEST_ROLES).',
        tone: 'idle',
      };
    const last = f.lastSuccessAt ? Date.parse(f.lastSuccessAt) : NaN;
    if (now && f.state === 'ok' && Number.isFinite(last) && now.getTime() - last > STREAM_SILENT_MINUTES * 60_000)
      return {
        summary: `Nothing stored from the stream since ${when(f.lastSuccessAt!)}: no consumer seems to be reading it.`,
        nextAction:
          'Check that an ingest process runs with the stream role (INGEST_ROLES); the missed time is replayed if it comes back soon enough.',
        tone: 'bad',
      };
  }
  if (f.state === 'ok' && f.enabled && f.lastGap)
    return {
      summary: `Collecting; posts from ${when(f.lastGap.from)} to ${when(f.lastGap.to)} were missed (${f.lastGap.reason.replace(/:.*$/, '')}).`,
      nextAction:
        'Nothing to undo: those hours show as a gap in the dashboard and reports. Keep the ingest stream role running to avoid another.',
      tone: 'warn',
    };
  const expires = f.credentialExpiresAt ? Date.parse(f.credentialExpiresAt) : NaN;
  if (now && f.state === 'ok' && f.enabled && Number.isFinite(expires)) {
    if (expires <= now.getTime())
      return {
        summary: `The token expired on ${day(f.credentialExpiresAt!)}.`,
        nextAction: `Token expired: replace it ${editWhere(f)}.`,
        tone: 'bad',
      };
    if (expires - now.getTime() <= EXPIRY_WARNING_DAYS * 86_400_000)
      return {
        summary: `Collecting; the token expires on ${day(f.credentialExpiresAt!)}.`,
        nextAction: `Token expires soon: replace it before then (${editWhere(f)}).`,
        tone: 'warn',
      };
  }
  switch (f.state) {
    case 'new':
      return f.enabled
        ? { summary: 'Waiting for its first poll.', nextAction: null, tone: 'idle' }
        : { summary: 'Added but not started.', nextAction: 'Resume it to start collecting.', tone: 'idle' };
    case 'paused':
      return { summary: 'Paused: not collecting.', nextAction: 'Resume it to collect again.', tone: 'idle' };
    case 'rate_limited': {
      const until = /until (\S+)/.exec(error)?.[1];
      return {
        summary: `The platform asked us to wait${until ? ` until ${until}` : ''}.`,
        nextAction: null,
        tone: 'warn',
      };
    }
    case 'budget_spent':
      if (/daily quota/.test(error))
        return {
          summary: "Today's quota is spent; polling resumes after midnight Pacific time, when Google resets it.",
          nextAction: `Raise dailyQuotaUnits ${editWhere(f)} only if Google has granted the project more.`,
          tone: 'warn',
        };
      return {
        summary: "This month's read budget is spent; polling resumes next month.",
        nextAction: `Raise monthlyReadBudget ${editWhere(f)} if you need it sooner.`,
        tone: 'warn',
      };
    case 'backoff':
      return {
        summary: /failed:|ENOTFOUND|ECONNREFUSED|timed? ?out/i.test(error)
          ? 'The platform could not be reached; retrying.'
          : 'The platform answered with an error; retrying.',
        nextAction: 'Nothing yet: it retries by itself. If it lasts over an hour, use Test to see the reason.',
        tone: 'warn',
      };
    case 'stopped':
      return stoppedWords(f, error);
    case 'error':
      return {
        summary: 'The last poll failed.',
        nextAction: 'Use Test to see the reason.',
        tone: 'bad',
      };
    case 'ok': {
      if (f.itemsWaiting >= WAITING_BACKLOG)
        return {
          summary: 'Collecting; tagging is behind.',
          nextAction: 'Check that the NLP workers are running (ingest with the nlp role).',
          tone: 'warn',
        };
      if (f.postsLastDay === 0)
        return {
          summary: 'Collecting, but no posts in the last day.',
          nextAction: f.type === 'file' ? null : 'If you expected posts, check its search terms or account.',
          tone: 'good',
        };
      return { summary: 'Collecting.', nextAction: null, tone: 'good' };
    }
    default:
      return { summary: f.state, nextAction: null, tone: 'idle' };
  }
}
