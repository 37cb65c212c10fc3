import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A local Jetstream instance in its documented shape: `GET /subscribe?wantedCollections=…&cursor=…`
 * upgrades to a WebSocket of JSON frames `{ did, time_us, kind, commit }`. With a cursor it replays
 * what it still holds from that time (events older than its retention are gone: it starts at its
 * oldest), then sends live events; without one, live only. Collections are filtered on the server
 * side; identity and account events are always sent, as Jetstream does. The same server answers
 * `app.bsky.actor.getProfiles` (≤ 25 actors) like the public AppView.
 */
export interface FixtureProfile {
  did: string;
  handle: string;
  displayName?: string;
  description?: string;
}

interface Stored {
  timeUs: number;
  collection: string | null;
  text: string;
}

export interface JetstreamFixture {
  endpoint: string;
  appview: string;
  /** Appends a post create and sends it to connected clients; returns its URI and time. */
  post(
    did: string,
    rkey: string,
    text: string,
    opts?: { timeUs?: number; tags?: string[] },
  ): { uri: string; timeUs: number };
  deletePost(did: string, rkey: string, opts?: { timeUs?: number }): number;
  /** Another collection's commit (a like): a client asking for posts only never gets it. */
  like(did: string, opts?: { timeUs?: number }): number;
  identity(did: string, opts?: { timeUs?: number }): number;
  /** A frame that is not a Jetstream event (sent as is, kept for replay when it has a time). */
  raw(text: string, timeUs?: number): void;
  /** Forgets everything older than this (the instance's replay no longer reaches it). */
  retainFrom(timeUs: number): void;
  /** Drops every connection (a network blip, an instance restart). */
  dropClients(): void;
  /** Refuses new connections (503) while down. */
  setDown(down: boolean): void;
  setProfile(p: FixtureProfile): void;
  /** Makes getProfiles answer 500 while set. */
  failProfiles(fail: boolean): void;
  /** The `cursor` of each subscription, in order (null: live). */
  readonly subscriptions: Array<number | null>;
  readonly profileCalls: string[][];
  connected(): number;
  close(): Promise<void>;
}

export async function startJetstreamFixture(): Promise<JetstreamFixture> {
  const events: Stored[] = [];
  const profiles = new Map<string, FixtureProfile>();
  const subscriptions: Array<number | null> = [];
  const profileCalls: string[][] = [];
  const clients = new Map<WebSocket, { wanted: Set<string> }>();
  let down = false;
  let profilesFail = false;
  let retainedFrom = 0;
  let lastUs = 0;

  const nextUs = (at?: number) => {
    const t = at ?? Math.max(Date.now() * 1000, lastUs + 1);
    lastUs = Math.max(lastUs, t);
    return t;
  };
  const wants = (c: { wanted: Set<string> }, e: Stored) =>
    e.collection === null || c.wanted.size === 0 || c.wanted.has(e.collection);

  const http: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    if (url.pathname === '/xrpc/app.bsky.actor.getProfiles') {
      const actors = url.searchParams.getAll('actors');
      profileCalls.push(actors);
      if (profilesFail) {
        res.writeHead(500, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: 'InternalServerError' }));
      }
      if (actors.length === 0 || actors.length > 25) {
        res.writeHead(400, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: 'InvalidRequest', message: 'actors must have 1 to 25 items' }));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(
        JSON.stringify({
          profiles: actors.flatMap((a) => {
            const p = profiles.get(a);
            return p ? [{ ...p, followersCount: 1, postsCount: 1 }] : [];
          }),
        }),
      );
    }
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    if (url.pathname !== '/subscribe' || down) {
      socket.end(`HTTP/1.1 ${down ? '503 Service Unavailable' : '404 Not Found'}\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const cursorText = url.searchParams.get('cursor');
      const cursor = cursorText !== null && /^\d+$/.test(cursorText) ? Number(cursorText) : null;
      subscriptions.push(cursor);
      const client = { wanted: new Set(url.searchParams.getAll('wantedCollections')) };
      if (cursor !== null)
        for (const e of events) if (e.timeUs >= Math.max(cursor, retainedFrom) && wants(client, e)) ws.send(e.text);
      clients.set(ws, client);
      ws.on('close', () => clients.delete(ws));
      ws.on('error', () => clients.delete(ws));
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const port = (http.address() as AddressInfo).port;

  const emit = (e: Stored) => {
    // Kept in time order (events may be published with a past time): binary insertion.
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (events[mid]!.timeUs <= e.timeUs) lo = mid + 1;
      else hi = mid;
    }
    events.splice(lo, 0, e);
    if (e.timeUs < retainedFrom) return;
    for (const [ws, c] of clients) if (wants(c, e)) ws.send(e.text);
  };
  const commit = (did: string, timeUs: number, commitBody: Record<string, unknown>) =>
    emit({
      timeUs,
      collection: String(commitBody.collection),
      text: JSON.stringify({ did, time_us: timeUs, kind: 'commit', commit: commitBody }),
    });

  return {
    endpoint: `ws://127.0.0.1:${port}/subscribe`,
    appview: `http://127.0.0.1:${port}`,
    post(did, rkey, text, opts = {}) {
      const timeUs = nextUs(opts.timeUs);
      commit(did, timeUs, {
        rev: `rev${timeUs}`,
        operation: 'create',
        collection: 'app.bsky.feed.post',
        rkey,
        cid: `bafy${rkey}`,
        record: {
          $type: 'app.bsky.feed.post',
          text,
          createdAt: new Date(Math.floor(timeUs / 1000)).toISOString(),
          langs: ['en'],
          ...(opts.tags ? { tags: opts.tags } : {}),
        },
      });
      return { uri: `at://${did}/app.bsky.feed.post/${rkey}`, timeUs };
    },
    deletePost(did, rkey, opts = {}) {
      const timeUs = nextUs(opts.timeUs);
      commit(did, timeUs, { rev: `rev${timeUs}`, operation: 'delete', collection: 'app.bsky.feed.post', rkey });
      return timeUs;
    },
    like(did, opts = {}) {
      const timeUs = nextUs(opts.timeUs);
      commit(did, timeUs, {
        rev: `rev${timeUs}`,
        operation: 'create',
        collection: 'app.bsky.feed.like',
        rkey: `like${timeUs}`,
        cid: 'bafylike',
        record: {
          $type: 'app.bsky.feed.like',
          subject: { uri: 'at://x/y/z', cid: 'c' },
          createdAt: new Date().toISOString(),
        },
      });
      return timeUs;
    },
    identity(did, opts = {}) {
      const timeUs = nextUs(opts.timeUs);
      emit({
        timeUs,
        collection: null,
        text: JSON.stringify({ did, time_us: timeUs, kind: 'identity', identity: { did, handle: 'x.test', seq: 1 } }),
      });
      return timeUs;
    },
    raw(text, timeUs) {
      emit({ timeUs: timeUs ?? nextUs(), collection: null, text });
    },
    retainFrom(timeUs) {
      retainedFrom = timeUs;
    },
    dropClients() {
      for (const ws of clients.keys()) ws.terminate();
      clients.clear();
    },
    setDown(d) {
      down = d;
    },
    setProfile(p) {
      profiles.set(p.did, p);
    },
    failProfiles(f) {
      profilesFail = f;
    },
    subscriptions,
    profileCalls,
    connected: () => clients.size,
    async close() {
      for (const ws of clients.keys()) ws.terminate();
      wss.close();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}
