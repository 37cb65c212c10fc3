import { eq, ne } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { zEvent, zEventImportResult, zEventsResponse } from '@lp/contracts/events';
import { createDb } from '@lp/db/client';
import { events } from '@lp/db/schema/events';
import { testDatabaseUrl } from '@lp/db/testing/test-env';
import { buildTestApp } from '../testing';

const db = createDb(testDatabaseUrl(), { max: 2 });
let app: FastifyInstance;

beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  await app.close();
  await db.close();
});
// The national list is seeded by the app at start; every test keeps it and removes its own rows.
beforeEach(async () => {
  await db.db.delete(events).where(ne(events.origin, 'national'));
});

const list = async (from: string, to: string) => {
  const res = await app.inject({ method: 'GET', url: `/api/v1/events?from=${from}&to=${to}` });
  expect(res.statusCode).toBe(200);
  return zEventsResponse.parse(res.json()).events;
};
const create = (body: unknown) => app.inject({ method: 'POST', url: '/api/v1/events', payload: body as object });
const importCsv = (csv: string, contentType = 'text/csv') =>
  app.inject({ method: 'POST', url: '/api/v1/events/import', payload: csv, headers: { 'content-type': contentType } });

describe('national events', () => {
  it('are seeded at start: the Francis report is on 6 February 2013', async () => {
    const found = await list('2013-02-01', '2013-02-15');
    expect(found).toContainEqual(
      expect.objectContaining({
        day: '2013-02-06',
        kind: 'report',
        origin: 'national',
        title: expect.stringMatching(/Francis/),
      }),
    );
  });

  it('are seeded once, however often the API starts', async () => {
    const national = () => db.db.$count(events, eq(events.origin, 'national'));
    const before = await national();
    expect(before).toBeGreaterThanOrEqual(30);
    const second = await buildTestApp();
    await second.close();
    expect(await national()).toBe(before);
  });
});

describe('GET /api/v1/events', () => {
  it('lists events in [from, to) by day', async () => {
    for (const day of ['2031-03-01', '2031-03-02', '2031-03-05'])
      expect((await create({ day, title: `event ${day}`, kind: 'other' })).statusCode).toBe(201);
    expect((await list('2031-03-02', '2031-03-05')).map((e) => e.day)).toEqual(['2031-03-02']);
    expect((await list('2031-03-01', '2031-03-06')).map((e) => e.day)).toEqual([
      '2031-03-01',
      '2031-03-02',
      '2031-03-05',
    ]);
  });

  it('refuses a bad range like the trends do', async () => {
    for (const qs of [
      'from=2031-03-05&to=2031-03-01',
      'from=2031-03-01&to=2031-03-01',
      'from=2031-02-30&to=2031-03-05',
      'from=x&to=y',
      'to=2031-01-01',
    ]) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/events?${qs}` });
      expect(res.statusCode, qs).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'bad_request' } });
    }
  });
});

describe('POST /api/v1/events', () => {
  it('adds an event (201) and refuses the same day and title (409)', async () => {
    const res = await create({
      day: '2031-04-01',
      title: 'Ward 7 North closes',
      kind: 'incident',
      url: 'https://example.org/a',
    });
    expect(res.statusCode).toBe(201);
    const event = zEvent.parse(res.json());
    expect(event).toMatchObject({
      day: '2031-04-01',
      title: 'Ward 7 North closes',
      kind: 'incident',
      url: 'https://example.org/a',
      origin: 'dashboard',
    });

    const dup = await create({ day: '2031-04-01', title: 'Ward 7 North closes', kind: 'other' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ error: { code: 'conflict' } });
    // Same title on another day is a different event.
    expect((await create({ day: '2031-04-02', title: 'Ward 7 North closes', kind: 'incident' })).statusCode).toBe(201);
    expect((await list('2031-04-01', '2031-04-03'))[0]).toMatchObject({ url: 'https://example.org/a' });
    expect((await list('2031-04-01', '2031-04-03'))[1]).toMatchObject({ url: null });
  });

  it('validates the input', async () => {
    const bad = [
      { day: '2031-13-01', title: 'x', kind: 'other' },
      { day: '2031-04-01', title: '', kind: 'other' },
      { day: '2031-04-01', title: 'x'.repeat(201), kind: 'other' },
      { day: '2031-04-01', title: 'x', kind: 'party' },
      { day: '2031-04-01', title: 'x', kind: 'other', url: 'javascript:alert(1)' },
      { day: '2031-04-01', title: 'x', kind: 'other', url: 'not a url' },
    ];
    for (const body of bad) {
      const res = await create(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'bad_request' } });
    }
  });
});

describe('DELETE /api/v1/events/:id', () => {
  it('deletes an event (204), then answers 404', async () => {
    const { id } = zEvent.parse((await create({ day: '2031-05-01', title: 'to delete', kind: 'other' })).json());
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/events/${id}` })).statusCode).toBe(204);
    expect(await list('2031-05-01', '2031-05-02')).toEqual([]);
    const again = await app.inject({ method: 'DELETE', url: `/api/v1/events/${id}` });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await app.inject({ method: 'DELETE', url: '/api/v1/events/abc' })).statusCode).toBe(400);
  });
});

describe('POST /api/v1/events/import', () => {
  it('stores good rows, reports bad ones and counts duplicates', async () => {
    const csv = [
      'date,title,kind,url',
      '2031-06-01,Pay award announced,pay,https://example.org/pay',
      '2031-06-02,"Strike, day one",Strike,',
      '2031-06-31,Bad date,other,',
      '2031-06-03,,report,',
      '2031-06-04,Bad kind,party,',
      '2031-06-05,Bad url,other,ftp://example.org/x',
      '2031-06-01,Pay award announced,pay,', // the same day and title again
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.statusCode).toBe(200);
    const result = zEventImportResult.parse(res.json());
    expect(result).toMatchObject({ inserted: 2, duplicates: 1 });
    expect(result.errors.map((e) => e.row)).toEqual([3, 4, 5, 6]);
    expect(result.errors[0]?.error).toMatch(/date/);
    expect(result.errors[2]?.error).toMatch(/kind/);

    const stored = await list('2031-06-01', '2031-07-01');
    expect(stored).toEqual([
      expect.objectContaining({
        day: '2031-06-01',
        title: 'Pay award announced',
        kind: 'pay',
        url: 'https://example.org/pay',
        origin: 'import',
      }),
      expect.objectContaining({
        day: '2031-06-02',
        title: 'Strike, day one',
        kind: 'strike',
        url: null,
        origin: 'import',
      }),
    ]);

    // Importing the same file again adds nothing.
    expect(zEventImportResult.parse((await importCsv(csv)).json())).toMatchObject({ inserted: 0, duplicates: 3 });
  });

  it('accepts a file without the url column and a BOM', async () => {
    const res = await importCsv('\uFEFFdate,title,kind\r\n2031-07-01,No link,policy\r\n');
    expect(res.json()).toEqual({ inserted: 1, duplicates: 0, errors: [] });
  });

  it('refuses a file it cannot read as events', async () => {
    for (const csv of ['', 'day,name\n2031-01-01,x\n', 'date,title,kind,url\n"2031-01-01,unclosed\n']) {
      const res = await importCsv(csv);
      expect(res.statusCode, csv).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'bad_request' } });
    }
  });

  it('refuses a file over 1 MB (413) and a body that is not CSV', async () => {
    const big = `date,title,kind,url\n${'2031-01-01,x,other,\n'.repeat(60_000)}`;
    expect((await importCsv(big)).statusCode).toBe(413);
    expect((await importCsv('{}', 'application/json')).statusCode).toBe(400);
    expect((await importCsv('<a/>', 'application/xml')).statusCode).toBe(415);
  });
});
