import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetDatabase } from '@lp/db/testing/test-env';
import { buildTestApp } from '../testing';

type Case = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; body?: unknown; type?: string };

const BAD_DATES = [
  '2025-02-30',
  '2025-13-01',
  '2025-00-10',
  '0000-01-01',
  '9999-12-31',
  '1969-12-31',
  '2101-01-01',
  '2025-1-1',
  '',
  'yesterday',
  '2025-01-01%00',
  '2025-01-01T00:00',
  '%00',
  'x'.repeat(3000),
];
const DATED_ROUTES = [
  '/api/v1/overview',
  '/api/v1/movers',
  '/api/v1/trends',
  '/api/v1/topics',
  '/api/v1/posts',
  '/api/v1/search?q=nurse',
  '/api/v1/events',
  '/api/v1/audit',
];
const GOOD = { from: '2025-01-01', to: '2025-01-08' };
const BAD_PARAMS: Record<string, string[]> = {
  topic: ['', 'A B', '%00', 'x'.repeat(300), 'a,b,c,d,e,f,g', '%E2%80%AE'],
  limit: ['-1', '0', '1e9', 'abc', '99999999999999999999', '%00'],
  cursor: ['%00', 'zzz', 'x'.repeat(2000), '-1'],
  source: ['%00', 'x'.repeat(300)],
  sentiment: ['bad', '%00'],
  lang: ['ENGLISH', '%00', '12'],
  voice: ['nobody', '%00'],
  aboutUs: ['maybe', '%00'],
  bucket: ['month', '%00'],
};
const BAD_QUERIES = ['%00', '', 'x'.repeat(500), '%22%22%22', '-', 'the%20and', '-pay', '%01%02'];

function with_(path: string, params: Record<string, string>): string {
  const [base, existing] = path.split('?');
  const q = [existing, ...Object.entries(params).map(([k, v]) => `${k}=${v}`)].filter(Boolean).join('&');
  return `${base}?${q}`;
}

function cases(): Case[] {
  const out: Case[] = [];
  // The weekly report's week and format.
  for (const week of [
    '2025-W00',
    '2025-W54',
    '2025-W53',
    '0000-W01',
    '9999-W01',
    '2025W03',
    '2025-W3',
    '2025-W03\u0000',
    'x'.repeat(300),
  ])
    out.push({ method: 'GET', url: `/api/v1/reports/weekly?week=${encodeURIComponent(week)}` });
  for (const format of ['pdf', 'xml', '', 'HTML'])
    out.push({ method: 'GET', url: `/api/v1/reports/weekly?week=2025-W03&format=${format}` });
  for (const route of DATED_ROUTES) {
    for (const bad of BAD_DATES) {
      out.push({ method: 'GET', url: with_(route, { from: bad, to: GOOD.to }) });
      out.push({ method: 'GET', url: with_(route, { from: GOOD.from, to: bad }) });
    }
    out.push({ method: 'GET', url: with_(route, { from: GOOD.to, to: GOOD.from }) });
  }
  for (const route of [
    '/api/v1/overview',
    '/api/v1/movers',
    '/api/v1/trends',
    '/api/v1/posts',
    '/api/v1/search?q=nurse',
  ])
    for (const [param, values] of Object.entries(BAD_PARAMS))
      for (const v of values) out.push({ method: 'GET', url: with_(route, { ...GOOD, [param]: v }) });
  for (const q of BAD_QUERIES) out.push({ method: 'GET', url: with_('/api/v1/search', { ...GOOD, q }) });
  for (const action of ['%00', 'DROP TABLE', 'a'.repeat(80), 'x.y.z'])
    out.push({ method: 'GET', url: with_('/api/v1/audit', { action }) });
  out.push({ method: 'GET', url: with_('/api/v1/audit', { actor: '%00' }) });

  for (const id of ['%00', 'A', 'x'.repeat(200), '..%2F..', 'health%00', '%20', 'a%0Ab'])
    for (const suffix of ['', '/imports', '/pause', '/resume'])
      out.push({ method: suffix && suffix !== '/imports' ? 'POST' : 'GET', url: `/api/v1/sources/${id}${suffix}` });
  for (const id of ['abc', '-1', '99999999999999999999', '%00', '1.5', '0'])
    out.push(
      { method: 'GET', url: `/api/v1/imports/${id}` },
      { method: 'DELETE', url: `/api/v1/events/${id}` },
      {
        method: 'PATCH',
        url: `/api/v1/users/${id}`,
        body: { role: 'viewer' },
      },
    );

  const source = (over: Record<string, unknown>) => ({
    id: 'hostile',
    type: 'rss',
    every: '15m',
    config: { url: 'https://feeds.example/a.xml' },
    ...over,
  });
  for (const every of [
    '99999999999d',
    `${'9'.repeat(400)}s`,
    '0s',
    '-5m',
    '5 minutes',
    '1e9s',
    '%00',
    '31d',
    '0.0001s',
  ])
    out.push(
      { method: 'POST', url: '/api/v1/sources', body: source({ every }) },
      { method: 'PATCH', url: '/api/v1/sources/hostile-base', body: { every } },
    );
  const badBodies: unknown[] = [
    source({ id: 'bad\u0000id' }),
    source({ id: 'x'.repeat(100) }),
    source({ id: 'UPPER' }),
    source({ type: 'myspace' }),
    source({ type: '\u0000' }),
    source({ config: { url: 'https://user:password@feeds.example/a.xml' } }),
    source({ config: { url: 'https://token@feeds.example/a.xml' } }),
    source({ config: { ['k\u0000']: 1 } }),
    source({ config: { url: 'x'.repeat(900_000) } }),
    source({ config: { nested: { deeper: 'https://a:b@c.example/' } } }),
    source({ config: 'not an object' }),
    source({ config: [1, 2] }),
    source({ secrets: { bearerToken: 'x'.repeat(10_000) } }),
    source({ secrets: { nope: 'x' } }),
    source({ enabled: 'yes' }),
    [],
    'a string',
    null,
    42,
  ];
  for (const body of badBodies) out.push({ method: 'POST', url: '/api/v1/sources', body });
  for (const body of [
    { config: { url: 'https://u:p@x.example/' } },
    { config: 'x' },
    { enabled: 'no' },
    { secrets: { a: '' } },
    [],
  ])
    out.push({ method: 'PATCH', url: '/api/v1/sources/hostile-base', body });
  const event = (over: Record<string, unknown>) => ({ day: '2025-03-01', title: 'Strike', kind: 'strike', ...over });
  for (const body of [
    event({ title: 'a\u0000b' }),
    event({ title: '' }),
    event({ title: 'x'.repeat(10_000) }),
    event({ day: '2025-02-30' }),
    event({ day: '0000-01-01' }),
    event({ kind: 'party' }),
    event({ url: 'javascript:alert(1)' }),
    event({ url: 'x'.repeat(5000) }),
    {},
    [],
  ])
    out.push({ method: 'POST', url: '/api/v1/events', body });
  for (const csv of [
    'date,title,kind,url\n2025-01-01,a\u0000b,strike,\n',
    '\u0000\u0001\u0002',
    'date,title,kind,url\n2025-02-30,x,strike,\n0000-01-01,y,pay,\n',
    `date,title,kind,url\n${'"'.repeat(3)}\n`,
    '',
  ])
    out.push({ method: 'POST', url: '/api/v1/events/import', body: csv, type: 'text/csv' });
  for (const body of [
    { email: 'a\u0000@b.c', password: 'x' },
    { email: 'x'.repeat(1000), password: 'x' },
    { email: 'a@b.c', password: 'x'.repeat(1000) },
    {},
    [],
  ])
    out.push({ method: 'POST', url: '/api/v1/auth/login', body });
  for (const body of [
    { email: 'a\u0000@b.c', role: 'viewer', password: 'long enough pass' },
    { email: 'a@b.c', role: 'root', password: 'long enough pass' },
    { email: 'a@b.c', role: 'viewer', password: 'x'.repeat(300) },
  ])
    out.push({ method: 'POST', url: '/api/v1/users', body });
  for (const fileName of ['%00', 'x'.repeat(1000), 'a.exe', ''])
    out.push({
      method: 'POST',
      url: `/api/v1/sources/hostile-base/imports?fileName=${fileName}&format=csv`,
      body: 'a,b\n1,2\n',
      type: 'application/octet-stream',
    });
  out.push({ method: 'POST', url: '/api/v1/sources', body: '{"id": "broken', type: 'application/json' });
  out.push({ method: 'POST', url: '/api/v1/sources', body: 'id=x', type: 'text/plain' });
  out.push({ method: 'POST', url: '/api/v1/sources', body: 'id=x', type: 'application/x-www-form-urlencoded' });
  return out;
}

describe('hostile input', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp({ secretsKey: Buffer.alloc(32, 7).toString('base64') });
    await resetDatabase(app.db);
    const base = await app.inject({
      method: 'POST',
      url: '/api/v1/sources',
      payload: { id: 'hostile-base', type: 'rss', every: '15m', config: { url: 'https://feeds.example/a.xml' } },
    });
    expect(base.statusCode).toBe(201);
  });
  afterAll(async () => app?.close());

  it('answers at least 300 bad inputs across every parameterised route with a 4xx in the usual shape, never a 5xx', async () => {
    const all = cases();
    expect(all.length).toBeGreaterThanOrEqual(300);
    const failures: string[] = [];
    for (const c of all) {
      const payload = c.body === undefined ? undefined : typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
      const res = await app.inject({
        method: c.method,
        url: c.url,
        payload,
        headers: payload === undefined ? {} : { 'content-type': c.type ?? 'application/json' },
      });
      const label = `${c.method} ${c.url.slice(0, 120)} ${payload?.slice(0, 60) ?? ''}`;
      if (res.statusCode < 400 || res.statusCode >= 500) {
        // A few inputs are acceptable as they stand (a search for "-" is refused, but "31d" is fine to refuse or take).
        if (res.statusCode >= 500) failures.push(`${res.statusCode} ${label}`);
        continue;
      }
      const body = res.json() as { error?: { code?: unknown; message?: unknown } };
      if (typeof body.error?.code !== 'string' || typeof body.error?.message !== 'string')
        failures.push(`${res.statusCode} without the error shape: ${label}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses a source URL carrying credentials with a 400 naming the field, and never shows stored ones', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/sources',
      payload: {
        id: 'cred-url',
        type: 'rss',
        every: '15m',
        config: { url: 'https://user:password@feeds.example/a.xml' },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/config\.url: a URL must not carry a user name or password/);
    await app.db.execute(
      (await import('drizzle-orm'))
        .sql`update sources set config = '{"url":"https://user:hunter2@feeds.example/a.xml"}' where id = 'hostile-base'`,
    );
    const shown = await app.inject({ method: 'GET', url: '/api/v1/sources/hostile-base' });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).not.toMatch(/hunter2|user:/);
    expect(shown.json().config.url).toBe('https://***@feeds.example/a.xml');
  });

  it("answers what Node's HTTP parser refuses (oversized headers, a malformed request) in the usual shape", async () => {
    const server = await buildTestApp();
    try {
      const address = await server.listen({ host: '127.0.0.1', port: 0 });
      const { port } = new URL(address);
      const raw = (request: string) =>
        new Promise<string>((resolve, reject) => {
          const socket = connect(Number(port), '127.0.0.1');
          let text = '';
          socket.on('data', (d) => (text += d.toString('utf8')));
          socket.on('close', () => resolve(text));
          socket.on('error', reject);
          socket.write(request);
        });
      const shape = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
      const big = await raw(`GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Junk: ${'a'.repeat(20_000)}\r\n\r\n`);
      expect(big).toMatch(/^HTTP\/1.1 431 /);
      expect(shape(big)).toEqual({
        error: { code: 'headers_too_large', message: expect.stringMatching(/headers are too large/) },
      });
      const garbage = await raw('NOT A REQUEST\r\n\r\n');
      expect(garbage).toMatch(/^HTTP\/1.1 400 /);
      expect(shape(garbage)).toEqual({ error: { code: 'bad_request', message: 'the request could not be read' } });
    } finally {
      await server.close();
    }
  });

  it('refuses impossible and out-of-range dates on the overview with a 400 that says why', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/overview?from=2025-02-30&to=2025-03-08' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/real calendar date/);
    const year0 = await app.inject({ method: 'GET', url: '/api/v1/trends?from=0000-01-01&to=2025-03-08&bucket=day' });
    expect(year0.statusCode).toBe(400);
    expect(year0.json().error.message).toMatch(/1970 to 2100/);
  });
});

describe('sources that point inside the network', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp({ allowPrivateSourceUrls: false });
  });
  afterAll(async () => app?.close());

  it('refuses loopback, private and link-local addresses with a 400, and takes a public one', async () => {
    const add = (id: string, type: string, config: Record<string, unknown>) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/sources',
        payload: { id, type, every: '15m', enabled: false, config },
      });
    const refused: Array<[string, Record<string, unknown>]> = [
      ['rss', { url: 'http://127.0.0.1:9464/metrics' }],
      ['rss', { url: 'http://localhost:6379/' }],
      ['rss', { url: 'http://[::1]/feed' }],
      ['rss', { url: 'http://10.20.30.40/feed.xml' }],
      ['rss', { url: 'http://192.168.0.10/feed.xml' }],
      ['rss', { url: 'http://2130706433/feed.xml' }],
      ['rss', { url: 'file:///etc/passwd' }],
      ['mastodon', { instance: 'http://169.254.169.254', hashtags: ['NHS'] }],
    ];
    for (const [i, [type, config]] of refused.entries()) {
      const res = await add(`inside-${i}`, type, config);
      expect([JSON.stringify(config), res.statusCode]).toEqual([JSON.stringify(config), 400]);
      expect(res.json().error.message).toMatch(/^config\.(url|instance): /);
    }
    const pub = await add('outside', 'rss', { url: 'https://93.184.216.34/feed.xml' });
    expect(pub.statusCode).toBe(201);
    const edit = await app.inject({
      method: 'PATCH',
      url: '/api/v1/sources/outside',
      payload: { config: { url: 'http://127.0.0.1/' } },
    });
    expect(edit.statusCode).toBe(400);
  });
});
