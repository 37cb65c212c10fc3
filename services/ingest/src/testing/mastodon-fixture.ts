import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for a Mastodon instance's tag timeline, speaking the documented shape:
 * newest-first arrays of Status, `limit` capped at 40, `max_id`/`since_id`/`min_id`, a `Link`
 * header with rel="next"/"prev", X-RateLimit-* headers, and scripted 429/500 faults.
 */
export interface FixtureStatus {
  id: string;
  uri: string;
  [k: string]: unknown;
}

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface MastodonFixture {
  url: string;
  host: string;
  add(tag: string, statuses: FixtureStatus[]): void;
  /** Requests left in the current rate-limit window (X-RateLimit-Remaining counts down from it). */
  setRemaining(n: number): void;
  /** The next requests answer with these faults, in order. */
  fail(...faults: Fault[]): void;
  requests: Array<{ path: string; query: Record<string, string>; at: number; served: string[] }>;
  close(): Promise<void>;
}

const cmp = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

/** A status as Mastodon serialises it (the fields a client sees), with overridable parts. */
export function makeStatus(host: string, id: string, over: Partial<Record<string, unknown>> = {}): FixtureStatus {
  return {
    id,
    uri: `https://${host}/users/nurse${Number(id) % 7}/statuses/${id}`,
    url: `https://${host}/@nurse${Number(id) % 7}/${id}`,
    created_at: new Date(Date.UTC(2025, 0, 6, 9) + (Number(id) % 1000) * 60_000).toISOString(),
    content: `<p>Short-staffed again on the ward tonight, ${id}. <a href="https://${host}/tags/nhs" class="mention hashtag">#<span>NHS</span></a></p>`,
    spoiler_text: '',
    visibility: 'public',
    language: 'en',
    reblogs_count: Number(id) % 5,
    favourites_count: Number(id) % 11,
    replies_count: 0,
    reblog: null,
    account: {
      id: String(Number(id) % 7),
      username: `nurse${Number(id) % 7}`,
      acct: `nurse${Number(id) % 7}`,
      url: `https://${host}/@nurse${Number(id) % 7}`,
      display_name: `Nurse ${Number(id) % 7}`,
      note: '<p>Staff nurse on nights, Band 5. Views my own.</p>',
      fields: [{ name: 'Pronouns', value: 'she/her', verified_at: null }],
    },
    media_attachments: [],
    mentions: [],
    tags: [{ name: 'nhs', url: `https://${host}/tags/nhs` }],
    ...over,
  };
}

export async function startMastodonFixture(): Promise<MastodonFixture> {
  const timelines = new Map<string, FixtureStatus[]>();
  const faults: Fault[] = [];
  const requests: MastodonFixture['requests'] = [];
  let remaining = 300;

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const request = {
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      at: Date.now(),
      served: [] as string[],
    };
    requests.push(request);
    const reset = new Date(Date.now() + 5 * 60_000).toISOString();
    const fault = faults.shift();
    if (fault) {
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(
        fault.body ?? JSON.stringify({ error: fault.status === 429 ? 'Too many requests' : 'Internal server error' }),
      );
      return;
    }
    const m = /^\/api\/v1\/timelines\/tag\/([^/]+)$/.exec(url.pathname);
    if (!m || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Record not found' }));
      return;
    }
    const tag = decodeURIComponent(m[1]!).toLowerCase();
    const all = [...(timelines.get(tag) ?? [])].sort((a, b) => cmp(b.id, a.id)); // newest first
    const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 20) || 20, 1), 40);
    const maxId = url.searchParams.get('max_id');
    const sinceId = url.searchParams.get('since_id');
    const minId = url.searchParams.get('min_id');
    let page: FixtureStatus[];
    if (minId) {
      // min_id: the statuses immediately newer than min_id, still returned newest first.
      page = all
        .filter((s) => cmp(s.id, minId) > 0)
        .reverse()
        .slice(0, limit)
        .reverse();
    } else {
      page = all
        .filter((s) => (!maxId || cmp(s.id, maxId) < 0) && (!sinceId || cmp(s.id, sinceId) > 0))
        .slice(0, limit);
    }
    request.served = page.map((s) => s.id);
    remaining = Math.max(0, remaining - 1);
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-limit': '300',
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': reset,
    };
    if (page.length > 0) {
      const base = `http://${req.headers.host}${url.pathname}`;
      headers.link = `<${base}?max_id=${page[page.length - 1]!.id}>; rel="next", <${base}?min_id=${page[0]!.id}>; rel="prev"`;
    }
    res.writeHead(200, headers).end(JSON.stringify(page));
  };

  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    add(tag, statuses) {
      const list = timelines.get(tag.toLowerCase()) ?? [];
      list.push(...statuses);
      timelines.set(tag.toLowerCase(), list);
    },
    setRemaining(n) {
      remaining = n;
    },
    fail(...f) {
      faults.push(...f);
    },
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
