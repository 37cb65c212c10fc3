import WebSocket from 'ws';
import type { Queue } from 'bullmq';
import type { TagPostsPayload } from '@lp/contracts/jobs';
import type { PostDeletion, PostDraft } from '@lp/contracts/post';
import { EMPTY_WATCHLIST, type Watchlist } from '@lp/contracts/watchlist';
import type { Db } from '@lp/db/client';
import { LeaseLostError, storedExternalIds, storePage, type QuarantinedItem } from '@lp/db/queries/raw-items';
import {
  recordPollProblem,
  releaseSourceLease,
  renewSourceLease,
  stopSource,
  type Source,
} from '@lp/db/queries/sources';
import { BlockedAddressError } from '@lp/outbound/address-policy';
import { guardedSocketTarget } from '@lp/outbound/guarded-fetch';
import { enqueueTagPosts } from '@lp/queue/enqueue';
import { zJetstreamConfig, type JetstreamConfig } from '../connectors/jetstream/config';
import { parseFrame, searchableText, storable, type StreamEvent } from '../connectors/jetstream/events';
import type { ProfileCache } from '../connectors/jetstream/profiles';
import { compileStreamFilter, transformStreamPost } from '../connectors/jetstream/transform';
import { jetstreamUrl } from '../connectors/jetstream/url';
import { describeError } from '../lib/describe-error';
import type { Pseudonymise } from '../lib/pseudonym';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';

/** A first event this much later than the cursor asked for means the instance did not have the time between. */
const GAP_SLACK_US = 60_000_000;
/** Frames held before the socket is paused until a batch is stored. */
const MAX_BUFFER = 5_000;
const MAX_BACKOFF_MS = 30_000;
/** A connection silent to pings this long is dead (half-open): dropped and made again. */
const PING_MS = 30_000;
/** Disconnections in a row before the health table says so (one is routine). */
const FAILURES_SHOWN = 3;
const HOUR_US = 3_600_000_000;

/** A batch whose last event is this close to now has caught up: the stream follows live. */
const STREAM_SETTLED_WITHIN_MS = 2 * 60_000;

export interface SessionDeps {
  db: Db;
  log: Logger;
  metrics: Metrics;
  pseudonymise: Pseudonymise;
  watchlist: () => Promise<Watchlist>;
  tagQueue: Queue<TagPostsPayload>;
  profiles: (appview: string) => ProfileCache;
  owner: string;
  leaseSeconds: number;
  flushMs: number;
  /** On reconnect the stream is asked from this much before the stored cursor; the raw-items key drops repeats. */
  rewindSeconds: number;
  now: () => Date;
}

const ceilHourUs = (us: number) => Math.ceil(us / HOUR_US) * HOUR_US;
const usToDate = (us: number) => new Date(Math.floor(us / 1000));

/** The stored cursor: the time (µs) of the last event stored, committed with the items. */
export function readStreamCursor(cursor: unknown): number | null {
  const t = (cursor as { timeUs?: unknown } | null)?.timeUs;
  return typeof t === 'number' && Number.isSafeInteger(t) && t > 0 ? t : null;
}

/**
 * One source's Jetstream subscription, held under the source's lease for as long as it runs.
 * Frames are buffered and stored every `flushMs` in one transaction with the cursor (the last
 * event's time), so a crash loses nothing that was committed and repeats nothing: a new holder
 * resumes a few seconds before the cursor and the raw-items key drops what it already has.
 */
export class JetstreamSession {
  private cfg: JetstreamConfig;
  private ws: WebSocket | null = null;
  private buffer: Array<{ ev: StreamEvent; raw: string }> = [];
  private committedUs: number | null;
  /** Where the next stored batch's coverage starts (null: not yet known, before the first event). */
  private coverFromUs: number | null;
  private pendingGap: { from: Date; to: Date; reason: string } | null = null;
  private awaiting: { resumeUs: number | null; requestedUs: number | null; connectedUs: number } | null = null;
  private failures = 0;
  private lastProblem = '';
  private stopped = false;
  private flushing: Promise<void> | null = null;
  private timers: NodeJS.Timeout[] = [];
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pinger: NodeJS.Timeout | null = null;
  private resolveDone!: () => void;
  /** Settles when the session has ended (lease lost, source paused or deleted, or stop()). */
  readonly done = new Promise<void>((r) => (this.resolveDone = r));

  constructor(
    private source: Source,
    private deps: SessionDeps,
  ) {
    this.cfg = zJetstreamConfig.parse(source.config);
    this.committedUs = readStreamCursor(source.cursor);
    this.coverFromUs = this.committedUs;
  }

  get id(): string {
    return this.source.id;
  }

  start(): void {
    this.timers.push(setInterval(() => this.flushSoon(), this.deps.flushMs));
    this.timers.push(setInterval(() => void this.renew(), Math.max(500, (this.deps.leaseSeconds * 1000) / 3)));
    this.connect();
  }

  /** Stores what is buffered, closes the socket and gives the lease back. */
  async stop(): Promise<void> {
    if (this.stopped) return this.done;
    this.stopped = true;
    this.clearTimers();
    await this.flushing;
    if (this.buffer.length > 0) await this.flush().catch(() => undefined);
    this.drop();
    await releaseSourceLease(this.deps.db, this.source.id, this.deps.owner).catch(() => undefined);
    this.resolveDone();
  }

  /** Ends without storing more (the lease is someone else's now, or the source was paused or deleted). */
  private end(reason: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimers();
    this.buffer = [];
    this.drop();
    this.deps.log.info({ sourceId: this.source.id, reason }, 'stream consumer ended');
    void releaseSourceLease(this.deps.db, this.source.id, this.deps.owner)
      .catch(() => undefined)
      .finally(() => this.resolveDone());
  }

  private clearTimers(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private drop(): void {
    if (this.pinger) clearInterval(this.pinger);
    this.pinger = null;
    const ws = this.ws;
    this.ws = null;
    ws?.removeAllListeners();
    ws?.on('error', () => undefined);
    ws?.terminate();
  }

  private nowUs(): number {
    return this.deps.now().getTime() * 1000;
  }

  private connect(): void {
    if (this.stopped) return;
    const resumeUs = this.committedUs;
    const requestedUs =
      resumeUs !== null
        ? resumeUs - this.deps.rewindSeconds * 1_000_000
        : this.cfg.backfillHours > 0
          ? Math.floor(this.nowUs() - this.cfg.backfillHours * HOUR_US)
          : null;
    let target: ReturnType<typeof guardedSocketTarget>;
    try {
      target = guardedSocketTarget(jetstreamUrl(this.cfg.endpoint, requestedUs));
    } catch (err) {
      if (err instanceof BlockedAddressError) {
        void stopSource(this.deps.db, this.source.id, err.message).catch(() => undefined);
        this.end(err.message);
        return;
      }
      throw err;
    }
    this.awaiting = { resumeUs, requestedUs, connectedUs: this.nowUs() };
    let ws: WebSocket;
    try {
      ws = this.open(target);
    } catch (err) {
      // An address the socket library refuses (a #fragment): retrying cannot help.
      const msg = `the stream address cannot be used: ${describeError(err)}`;
      void stopSource(this.deps.db, this.source.id, msg).catch(() => undefined);
      this.end(msg);
      return;
    }
    this.wire(ws);
  }

  private open(target: ReturnType<typeof guardedSocketTarget>): WebSocket {
    return new WebSocket(target.url, {
      handshakeTimeout: 15_000,
      maxPayload: 4 * 1024 * 1024,
      perMessageDeflate: false,
      ...(target.lookup ? { lookup: target.lookup as never } : {}),
    });
  }

  private wire(ws: WebSocket): void {
    this.ws = ws;
    let alive = true;
    let lastError = '';
    ws.on('open', () => {
      if (this.pinger) clearInterval(this.pinger);
      this.pinger = setInterval(() => {
        if (!alive) return ws.terminate();
        alive = false;
        ws.ping();
      }, PING_MS);
    });
    ws.on('pong', () => (alive = true));
    ws.on('message', (data: WebSocket.RawData) => {
      if (this.ws !== ws) return;
      alive = true;
      this.onFrame(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8'));
    });
    ws.on('error', (err) => (lastError = describeError(err)));
    ws.on('close', (code) => {
      if (this.ws !== ws) return;
      if (this.pinger) clearInterval(this.pinger);
      this.pinger = null;
      this.ws = null;
      void this.disconnected(lastError || `closed with code ${code}`);
    });
  }

  private async disconnected(why: string): Promise<void> {
    if (this.stopped) return;
    this.failures++;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(this.failures - 1, 6)) * (0.75 + Math.random() / 2);
    this.deps.log.warn({ sourceId: this.source.id, why, retryInMs: Math.round(delay) }, 'stream disconnected');
    // Stored what arrived before the drop, so the reconnection resumes after it.
    await this.flushing;
    if (this.buffer.length > 0) this.flushSoon();
    await this.flushing;
    if (this.failures >= FAILURES_SHOWN) {
      this.lastProblem = `stream disconnected ${this.failures} times in a row (${why}); reconnecting`;
      await recordPollProblem(this.deps.db, this.source.id, {
        state: 'backoff',
        error: this.lastProblem,
        notBefore: null,
      }).catch(() => undefined);
    }
    if (this.stopped) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  private onFrame(raw: string): void {
    const ev = parseFrame(raw);
    if (this.awaiting && ev.timeUs !== null) {
      this.firstEvent(ev.timeUs);
      this.awaiting = null;
    }
    this.buffer.push({ ev, raw: ev.kind === 'malformed' ? raw : '' });
    if (this.buffer.length >= MAX_BUFFER) {
      this.ws?.pause();
      this.flushSoon();
    }
  }

  /**
   * The first event after (re)connecting tells what the instance could replay. Resuming from a
   * cursor it no longer holds, it starts at its oldest event: the time between is a gap, recorded
   * with the next batch (its hours uncovered), and coverage starts again at the next whole hour.
   */
  private firstEvent(t0: number): void {
    const a = this.awaiting!;
    if (a.resumeUs === null) {
      // A new source: covered from the start of its replay (or of the live stream), in whole hours.
      const from = a.requestedUs !== null && t0 - a.requestedUs <= GAP_SLACK_US ? a.requestedUs : t0;
      this.coverFromUs = ceilHourUs(from);
      return;
    }
    const away = a.connectedUs - a.resumeUs;
    // The cursor is the time of an event this instance sent: a first event much later means it no
    // longer holds the time between (away longer than it replays, or restarted, or another instance).
    if (t0 - a.resumeUs > GAP_SLACK_US) {
      const from = usToDate(a.resumeUs);
      const to = usToDate(t0);
      const why =
        away > this.cfg.replayHours * HOUR_US
          ? `the stream was away ${describeSpan(away)}, longer than the ${this.cfg.replayHours} h the instance replays`
          : `the instance no longer held that time (restarted, or a different instance)`;
      this.pendingGap = {
        from,
        to,
        reason: `${why}: posts between ${from.toISOString()} and ${to.toISOString()} were not collected`,
      };
      this.coverFromUs = ceilHourUs(t0);
      this.deps.log.warn(
        { sourceId: this.source.id, from: from.toISOString(), to: to.toISOString() },
        'stream outage longer than its replay: coverage gap recorded',
      );
    }
  }

  private flushSoon(): void {
    if (this.flushing || (this.buffer.length === 0 && !this.pendingGap)) return;
    this.flushing = this.flush()
      .catch((err: unknown) => this.flushFailed(err))
      .finally(() => {
        this.flushing = null;
        this.ws?.resume();
      });
  }

  private flushFailed(err: unknown): void {
    if (err instanceof LeaseLostError) return this.end('lease lost');
    // Postgres away, say: what was buffered is dropped and asked for again from the stored cursor.
    this.deps.log.warn({ sourceId: this.source.id, err: describeError(err) }, 'stream batch not stored; replaying');
    this.buffer = [];
    this.pendingGap = null;
    this.awaiting = null;
    const had = this.ws !== null;
    this.drop();
    if (had) void this.disconnected(`batch not stored: ${describeError(err)}`);
    else this.failures++;
  }

  private async flush(): Promise<void> {
    const batch = this.buffer.splice(0);
    const gap = this.pendingGap;
    let lastUs = this.committedUs;
    for (const { ev } of batch) if (ev.timeUs !== null && (lastUs === null || ev.timeUs > lastUs)) lastUs = ev.timeUs;
    if (lastUs === null) {
      // Only unreadable frames without a time: quarantine them; nothing to move the cursor to.
      if (batch.length === 0) return;
    }
    const match = compileStreamFilter(this.cfg, this.cfg.keywordsOnly ? EMPTY_WATCHLIST : await this.deps.watchlist());
    if (!match) {
      const msg =
        'bluesky stream source has nothing to watch: add keywords or hashtags, or names or hashtags to the watch list';
      await stopSource(this.deps.db, this.source.id, msg);
      return this.end(msg);
    }
    const creates = batch
      .map((b) => b.ev)
      .filter((e): e is Extract<StreamEvent, { kind: 'create' }> => e.kind === 'create')
      .filter((e) => {
        const text = searchableText(e.record);
        return text !== null && match(text) !== null;
      });
    const createdHere = new Set(creates.map((c) => c.uri));
    const deletes = batch
      .map((b) => b.ev)
      .filter((e): e is Extract<StreamEvent, { kind: 'delete' }> => e.kind === 'delete');
    const known = await storedExternalIds(
      this.deps.db,
      this.source.id,
      'bluesky',
      deletes.filter((d) => !createdHere.has(d.uri)).map((d) => d.uri),
    );
    const deletions: PostDeletion[] = deletes
      .filter((d) => known.has(d.uri) || createdHere.has(d.uri))
      .map((d) => ({ platform: 'bluesky', externalId: d.uri, version: d.rev }));
    const { profiles, failed } =
      creates.length > 0
        ? await this.deps.profiles(this.cfg.appview).get(creates.map((c) => c.did))
        : { profiles: new Map(), failed: 0 };
    const items: Array<{ externalId: string; draft: PostDraft }> = [];
    const quarantined: QuarantinedItem[] = [];
    const seen = new Set<string>();
    for (const c of creates) {
      if (seen.has(c.uri)) continue;
      seen.add(c.uri);
      const t = transformStreamPost(c, profiles.get(c.did), this.deps.pseudonymise);
      if (t.ok) items.push({ externalId: t.draft.externalId, draft: t.draft });
      else quarantined.push({ externalId: c.uri, reason: t.reason, payload: { did: c.did, record: c.record } });
    }
    for (const { ev, raw } of batch)
      if (ev.kind === 'malformed')
        quarantined.push({ externalId: null, reason: ev.reason, payload: { frame: storable(raw.slice(0, 10_000)) } });

    const newIds = await storePage(this.deps.db, {
      sourceId: this.source.id,
      leaseOwner: this.deps.owner,
      items,
      deletions,
      quarantined,
      nextCursor: lastUs !== null ? { timeUs: lastUs } : (this.source.cursor ?? null),
      ...(lastUs !== null
        ? {
            coveredFrom: this.coverFromUs !== null ? usToDate(this.coverFromUs) : undefined,
            coveredTo: usToDate(lastUs),
          }
        : {}),
      gap: gap ?? undefined,
      // Settled once the stream has caught up with the present (its replay of history is read).
      settled: lastUs !== null && Date.now() - usToDate(lastUs).getTime() < STREAM_SETTLED_WITHIN_MS ? true : undefined,
      problem:
        failed > 0
          ? `author profiles could not be read for ${failed} author(s); their posts are kept with the voice stored for them`
          : undefined,
    });
    this.committedUs = lastUs;
    this.failures = 0;
    if (lastUs !== null && this.coverFromUs !== null) this.coverFromUs = Math.max(this.coverFromUs, lastUs);
    if (gap === this.pendingGap) this.pendingGap = null;
    this.lastProblem = '';
    this.deps.metrics.rawItemsStored.inc({ source: this.source.id }, newIds.length);
    if (quarantined.length > 0) this.deps.metrics.quarantined.inc({ stage: 'transform' }, quarantined.length);
    // Not awaited: with Redis away the enqueue waits, and the stream must go on storing (the items
    // are in Postgres already; the sweeper enqueues them within a minute or two).
    void enqueueTagPosts(this.deps.tagQueue, newIds).catch((err: unknown) =>
      this.deps.log.warn(
        { sourceId: this.source.id, err: describeError(err) },
        'could not enqueue tagging; the sweeper will',
      ),
    );
  }

  private async renew(): Promise<void> {
    if (this.stopped) return;
    let row: Source | null;
    try {
      row = await renewSourceLease(this.deps.db, this.source.id, this.deps.owner, this.deps.leaseSeconds);
    } catch (err) {
      // Postgres away: the batches fail too and replay; the lease is renewed when it is back (or lost, and ended).
      this.deps.log.warn({ sourceId: this.source.id, err: describeError(err) }, 'stream lease not renewed');
      return;
    }
    if (!row) return this.end('lease lost, or the source was paused or deleted');
    if (JSON.stringify(row.config) !== JSON.stringify(this.source.config)) {
      const before = this.cfg;
      const parsed = zJetstreamConfig.safeParse(row.config);
      if (!parsed.success) return;
      this.source = { ...this.source, config: row.config };
      this.cfg = parsed.data;
      // A new address: reconnect to it from the stored cursor.
      if (parsed.data.endpoint !== before.endpoint && this.ws) {
        this.drop();
        this.connect();
      }
    }
  }
}

function describeSpan(us: number): string {
  const hours = us / HOUR_US;
  return hours >= 48 ? `${Math.round(hours / 24)} days` : `${Math.round(hours * 10) / 10} h`;
}
