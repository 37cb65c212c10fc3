// Synthetic tagged posts for bench:api, loaded in bulk with the NLP worker's insert semantics:
// posts (with voice, London day and impact) + post_sentiments + post_topics + author_voices rows as
// storeTaggedPosts writes them, and the three rollup tables ('*' row plus one row per topic) from
// GROUP BYs, checked against a recount from posts on sampled days.
import type pg from 'pg';
import { loadTaxonomy } from '@lp/nlp/taxonomy';

const SEED_KEY = 'bench_api_seed';
const SEED_VERSION = 2;
const DAYS = 730;
const BATCH = 10_000;

/** The editable taxonomy's topics, so seeded tags are exactly the ids the tagger can emit. */
const TOPICS = loadTaxonomy().topics.map((t) => t.id);
/** Relative volume per topic id (staff talk most about staffing and pay); others weigh 5. */
const VOLUME: Record<string, number> = {
  compassion: 5,
  'patient-safety': 6,
  regulation: 3,
  staffing: 12,
  pay: 10,
  wellbeing: 7,
  culture: 5,
  leadership: 4,
  'waiting-times': 9,
  digital: 4,
};
const TOPIC_WEIGHT = TOPICS.map((id) => VOLUME[id] ?? 5);
const TOPIC_PHRASE: Record<string, string> = {
  compassion: 'the kindness of the nurses on the ward',
  'patient-safety': 'a near miss on patient safety',
  regulation: 'the latest CQC inspection report',
  staffing: 'rota gaps and agency staff',
  pay: 'the pay award and the strike ballot',
  wellbeing: 'burnout and staff wellbeing',
  culture: 'a culture of speaking up',
  leadership: 'the trust board and senior leadership',
  'waiting-times': 'the waiting list for surgery',
  digital: 'the new electronic patient record',
};
const SOURCES = [
  { id: 'bench-mastodon', platform: 'mastodon', type: 'mastodon', weight: 30 },
  { id: 'bench-bluesky', platform: 'bluesky', type: 'bluesky', weight: 35 },
  { id: 'bench-reddit', platform: 'reddit', type: 'reddit', weight: 25 },
  { id: 'bench-news', platform: 'rss', type: 'rss', weight: 10 },
];
const WORDS = {
  negative: ['exhausted', 'awful', 'unsafe', 'furious', 'broken'],
  neutral: ['busy', 'usual', 'long', 'quiet', 'normal'],
  positive: ['brilliant', 'proud', 'grateful', 'amazing', 'lovely'],
} as const;
const TEMPLATES = [
  'Another {w} shift today. Thinking about {t}. #NHS',
  'Feeling {w} after a week of {t}; the staff deserve better.',
  'Honestly {w}: {t} is all anyone talks about in the staff room.',
  'Patients keep asking about {t}. A {w} day for the team.',
  'Just read about {t} - {w} news for NHS staff and patients.',
  '{w} night on nights. Hydrated, fed, home. Tomorrow: {t}.',
];
/** UTC hour-of-day mix: quiet overnight, peaks at breakfast, lunch and evening. */
const HOUR_WEIGHT = [2, 1, 1, 1, 1, 2, 4, 7, 9, 8, 7, 7, 8, 8, 7, 6, 6, 7, 8, 9, 10, 9, 6, 4];
/** Monday … Sunday (getUTCDay order is Sunday first, handled below). */
const WEEKDAY_WEIGHT = [1.0, 1.05, 1.05, 1.0, 0.95, 0.75, 0.7];

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function picker(weights: number[], rand: () => number) {
  const total = weights.reduce((a, b) => a + b, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const w of weights) cum.push((acc += w / total));
  return () => {
    const r = rand();
    const i = cum.findIndex((c) => r < c);
    return i < 0 ? weights.length - 1 : i;
  };
}

export interface SeedResult {
  reused: boolean;
  posts: number;
  /** The day after the last seeded hour (UTC date): the exclusive end of "the last N days". */
  end: string;
  seededAt: string;
  seconds: number;
  phases: { load: number; insert: number; rollups: number };
  rollupRows: number;
  topicRows: number;
  checkedDays: number;
}

interface Stored {
  version: number;
  posts: number;
  end: string;
  seededAt: string;
}

export async function seedBench(pool: pg.Pool, posts: number): Promise<SeedResult> {
  const stored = await pool.query<{ value: string }>('select value from settings where key = $1', [SEED_KEY]);
  const count = Number((await pool.query<{ n: string }>('select count(*) as n from posts')).rows[0]!.n);
  if (stored.rows[0]) {
    const s = JSON.parse(stored.rows[0].value) as Stored;
    if (s.version === SEED_VERSION && s.posts === posts && count === posts) {
      const checkedDays = await checkRollups(pool);
      return {
        reused: true,
        posts,
        end: s.end,
        seededAt: s.seededAt,
        seconds: 0,
        phases: { load: 0, insert: 0, rollups: 0 },
        rollupRows: 0,
        topicRows: 0,
        checkedDays,
      };
    }
  }

  const t0 = performance.now();
  await pool.query('delete from settings where key = $1', [SEED_KEY]);
  await pool.query(
    'truncate posts, post_sentiments, post_topics, author_voices, sentiment_rollups_hourly, sentiment_rollups_daily, sentiment_rollups_daily_voice restart identity cascade',
  );
  for (const s of SOURCES)
    await pool.query(
      `insert into sources (id, type, config, managed_by, enabled, synthetic, poll_every_seconds)
       values ($1, $2, '{}', 'dashboard', false, true, 3600) on conflict (id) do nothing`,
      [s.id, s.type],
    );
  await pool.query('drop table if exists bench_stage');
  await pool.query(`create unlogged table bench_stage (
    id bigint, platform text, external_id text, source_id text, author text, text text, url text,
    published_at timestamptz, fetched_at timestamptz, lang text, metrics jsonb,
    label text, score double precision, confidence double precision, s_evidence jsonb,
    topics text, t_evidence jsonb, voice text, about_us text)`);

  const now = new Date();
  now.setUTCMinutes(0, 0, 0);
  const endMs = now.getTime(); // posts are published before the current hour
  const startMs = endMs - DAYS * 86_400_000;
  const endDay = new Date(endMs);
  const end = new Date(Date.UTC(endDay.getUTCFullYear(), endDay.getUTCMonth(), endDay.getUTCDate() + 1))
    .toISOString()
    .slice(0, 10);

  const rand = mulberry32(20260214);
  const pickHour = picker(HOUR_WEIGHT, rand);
  const pickSource = picker(
    SOURCES.map((s) => s.weight),
    rand,
  );
  const pickTopic = picker(TOPIC_WEIGHT, rand);
  const pickTemplate = picker(
    TEMPLATES.map(() => 1),
    rand,
  );

  function generate(from: number, n: number) {
    const cols = {
      id: [] as number[],
      platform: [] as string[],
      external_id: [] as string[],
      source_id: [] as string[],
      author: [] as string[],
      text: [] as string[],
      url: [] as string[],
      published_at: [] as string[],
      fetched_at: [] as string[],
      lang: [] as string[],
      metrics: [] as string[],
      label: [] as string[],
      score: [] as Array<number | null>,
      confidence: [] as Array<number | null>,
      s_evidence: [] as string[],
      topics: [] as string[],
      t_evidence: [] as string[],
      voice: [] as string[],
      about_us: [] as Array<string | null>,
    };
    for (let k = 0; k < n; k++) {
      const id = from + k;
      // Day: volume grows over the two years and dips at weekends (rejection sampling).
      let dayIdx: number;
      for (;;) {
        dayIdx = Math.floor(rand() * DAYS);
        const growth = 0.6 + 0.8 * (dayIdx / DAYS);
        const wd = WEEKDAY_WEIGHT[(new Date(startMs + dayIdx * 86_400_000).getUTCDay() + 6) % 7]!;
        if (rand() * 1.4 * 1.05 < growth * wd) break;
      }
      let at = startMs + dayIdx * 86_400_000 + pickHour() * 3_600_000 + Math.floor(rand() * 3_600_000);
      if (at >= endMs) at = endMs - 1 - Math.floor(rand() * 3_600_000);
      const src = SOURCES[pickSource()]!;
      // 0–3 distinct topics: 25% none, 45% one, 22% two, 8% three.
      const r = rand();
      const nTopics = r < 0.25 ? 0 : r < 0.7 ? 1 : r < 0.92 ? 2 : 3;
      const topics: string[] = [];
      while (topics.length < nTopics) {
        const t = TOPICS[pickTopic()]!;
        if (!topics.includes(t)) topics.push(t);
      }
      // Sentiment: 40% negative, 35% neutral, 22% positive, 3% unscored (Welsh, not scored).
      const s = rand();
      const label = s < 0.03 ? 'unscored' : s < 0.43 ? 'negative' : s < 0.78 ? 'neutral' : 'positive';
      const wordClass = label === 'unscored' ? 'neutral' : label;
      const word = WORDS[wordClass][Math.floor(rand() * 5)]!;
      const phrase = topics.length ? topics.map((t) => TOPIC_PHRASE[t] ?? t).join(' and ') : 'work';
      const template = TEMPLATES[pickTemplate()]!;
      const text = template.replace('{t}', phrase).replace('{w}', word);
      const score =
        label === 'unscored'
          ? null
          : label === 'negative'
            ? -(0.2 + 0.8 * rand())
            : label === 'positive'
              ? 0.2 + 0.8 * rand()
              : -0.2 + 0.4 * rand();
      const wStart = text.toLowerCase().indexOf(word);
      const tEvidence: Record<string, unknown[]> = {};
      for (const t of topics) {
        const p = TOPIC_PHRASE[t] ?? t;
        const st = text.indexOf(p);
        tEvidence[t] = [{ term: p, start: st, end: st + p.length, weight: 1 }];
      }
      const reach = Math.floor(Math.pow(rand(), 3) * 500);
      cols.id.push(id);
      cols.platform.push(src.platform);
      cols.external_id.push(`b${id}`);
      cols.source_id.push(src.id);
      const author = (id * 2654435761) % 200_000;
      cols.author.push(`a_${author}`);
      // Each author keeps one voice: ~45% staff, ~5% NHS organisations, the rest public.
      const v = (author * 40503) % 100;
      cols.voice.push(v < 45 ? 'staff' : v < 50 ? 'org' : 'public');
      cols.about_us.push(rand() < 0.12 ? 'our trust' : null);
      cols.text.push(label === 'unscored' ? `Diolch i staff y GIG. ${text}` : text);
      cols.url.push(`https://${src.platform}.example/p/${id}`);
      cols.published_at.push(new Date(at).toISOString());
      cols.fetched_at.push(new Date(at + 60_000 + Math.floor(rand() * 600_000)).toISOString());
      cols.lang.push(label === 'unscored' ? 'cy' : 'en');
      cols.metrics.push(
        JSON.stringify({ reposts: Math.floor(reach / 5), likes: reach, replies: Math.floor(reach / 10) }),
      );
      cols.label.push(label);
      cols.score.push(score);
      cols.confidence.push(score === null ? null : 0.6 + 0.4 * rand());
      const shift = label === 'unscored' ? 'Diolch i staff y GIG. '.length : 0;
      cols.s_evidence.push(
        score === null
          ? '[]'
          : JSON.stringify([{ term: word, start: wStart + shift, end: wStart + shift + word.length, weight: score }]),
      );
      cols.topics.push(topics.join(','));
      cols.t_evidence.push(
        JSON.stringify(
          Object.fromEntries(
            Object.entries(tEvidence).map(([t, ev]) => [
              t,
              (ev as Array<{ start: number; end: number }>).map((e) => ({
                ...e,
                start: e.start + shift,
                end: e.end + shift,
              })),
            ]),
          ),
        ),
      );
    }
    return cols;
  }

  const load = async (cols: ReturnType<typeof generate>) =>
    pool.query(
      `insert into bench_stage
       select * from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::timestamptz[], $9::timestamptz[], $10::text[], $11::jsonb[], $12::text[], $13::float8[], $14::float8[],
         $15::jsonb[], $16::text[], $17::jsonb[], $18::text[], $19::text[])`,
      [
        cols.id,
        cols.platform,
        cols.external_id,
        cols.source_id,
        cols.author,
        cols.text,
        cols.url,
        cols.published_at,
        cols.fetched_at,
        cols.lang,
        cols.metrics,
        cols.label,
        cols.score,
        cols.confidence,
        cols.s_evidence,
        cols.topics,
        cols.t_evidence,
        cols.voice,
        cols.about_us,
      ],
    );
  const inFlight = new Set<Promise<unknown>>();
  let lastReport = performance.now();
  for (let from = 1; from <= posts; from += BATCH) {
    const p: Promise<unknown> = load(generate(from, Math.min(BATCH, posts - from + 1))).then(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= 3) await Promise.race(inFlight);
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      process.stderr.write(`  staged ${(from - 1).toLocaleString('en-GB')} posts\n`);
    }
  }
  await Promise.all(inFlight);
  const t1 = performance.now();

  // The rows storeTaggedPosts writes, from staging.
  const client = await pool.connect();
  let topicRows = 0;
  let rollupRows = 0;
  let t2 = t1;
  try {
    await client.query(`set maintenance_work_mem = '512MB'`);
    await client.query(`set work_mem = '256MB'`);
    await client.query('begin');
    await client.query(`insert into posts (id, platform, external_id, source_id, raw_item_id, author_pseudonym, text, url,
        published_at, fetched_at, lang, metrics, synthetic, version, voice, day, impact, mentions_org_term)
      select id, platform, external_id, source_id, null, author, text, url, published_at, fetched_at, lang, metrics, true, '',
             voice, (published_at at time zone 'Europe/London')::date,
             -- impactOf: (1 + reposts + likes + replies) × −score for negative posts.
             case when label = 'negative' and score < 0 then (1 + (metrics->>'reposts')::int + (metrics->>'likes')::int
               + (metrics->>'replies')::int) * -score else 0 end,
             about_us
      from bench_stage order by id`);
    await client.query(`insert into author_voices (author_pseudonym, voice, evidence, profile_seen)
      select distinct on (author) author, voice, '[]'::jsonb, true from bench_stage order by author`);
    await client.query(`insert into post_sentiments (post_id, label, score, confidence, evidence, model_version)
      select id, label, score, confidence, s_evidence, 'bench-seed' from bench_stage order by id`);
    const tr = await client.query(`insert into post_topics (post_id, topic_id, score, evidence, model_version)
      select s.id, t.topic_id, 0.8, coalesce(s.t_evidence -> t.topic_id, '[]'::jsonb), 'bench-seed'
      from bench_stage s cross join lateral unnest(string_to_array(s.topics, ',')) as t(topic_id)
      where s.topics <> '' order by s.id`);
    topicRows = tr.rowCount ?? 0;
    await client.query(`select setval(pg_get_serial_sequence('posts', 'id'), (select max(id) from posts))`);
    t2 = performance.now();
    // One GROUP BY: the all-topics '*' row once per post plus one row per topic, per UTC hour ×
    // source × class, counting posts and summing scores (unscored adds 0), as rollupDeltas does.
    const rr =
      await client.query(`insert into sentiment_rollups_hourly (hour, source_id, topic_id, sentiment, post_count, score_sum)
      select date_trunc('hour', s.published_at at time zone 'UTC') at time zone 'UTC', s.source_id, t.topic_id, s.label,
             count(*)::int, sum(coalesce(s.score, 0))
      from bench_stage s
      cross join lateral unnest(array['*'] || string_to_array(s.topics, ',')) as t(topic_id)
      group by 1, 2, 3, 4`);
    rollupRows = rr.rowCount ?? 0;
    // The daily rows by London day × voice × source × language × about-us, then the voice table from them.
    const dr = await client.query(`insert into sentiment_rollups_daily
        (topic_id, day, voice, source_id, lang, about_us, sentiment, post_count, score_sum)
      select t.topic_id, (s.published_at at time zone 'Europe/London')::date, s.voice, s.source_id, coalesce(s.lang, 'und'),
             s.about_us is not null, s.label, count(*)::int, sum(coalesce(s.score, 0))
      from bench_stage s
      cross join lateral unnest(array['*'] || string_to_array(s.topics, ',')) as t(topic_id)
      group by 1, 2, 3, 4, 5, 6, 7`);
    rollupRows += dr.rowCount ?? 0;
    const vr =
      await client.query(`insert into sentiment_rollups_daily_voice (topic_id, day, voice, sentiment, post_count, score_sum)
      select topic_id, day, voice, sentiment, sum(post_count)::int, sum(score_sum) from sentiment_rollups_daily group by 1, 2, 3, 4`);
    rollupRows += vr.rowCount ?? 0;
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
  await pool.query('drop table bench_stage');
  await pool.query(
    'vacuum analyze posts, post_sentiments, post_topics, author_voices, sentiment_rollups_hourly, sentiment_rollups_daily, sentiment_rollups_daily_voice',
  );
  const t3 = performance.now();
  const checkedDays = await checkRollups(pool);
  const seededAt = new Date().toISOString();
  const value: Stored = { version: SEED_VERSION, posts, end, seededAt };
  await pool.query(
    `insert into settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value`,
    [SEED_KEY, JSON.stringify(value)],
  );
  return {
    reused: false,
    posts,
    end,
    seededAt,
    seconds: (t3 - t0) / 1000,
    phases: { load: (t1 - t0) / 1000, insert: (t2 - t1) / 1000, rollups: (t3 - t2) / 1000 },
    rollupRows,
    topicRows,
    checkedDays,
  };
}

/** Recounts sampled UTC days from posts and compares with the rollups; throws on any difference. */
async function checkRollups(pool: pg.Pool): Promise<number> {
  const res = await pool.query<{ day: string; mismatches: string; keys: string }>(`
    with days as (
      (select distinct date_trunc('day', hour at time zone 'UTC') as d from sentiment_rollups_hourly order by 1 desc limit 2)
      union
      (select d from (select distinct date_trunc('day', hour at time zone 'UTC') as d from sentiment_rollups_hourly) x
       order by md5(d::text) limit 8)
    ),
    recount as (
      select date_trunc('hour', p.published_at at time zone 'UTC') at time zone 'UTC' as hour, p.source_id, t.topic_id,
             s.label as sentiment, count(*)::int as post_count, sum(coalesce(s.score, 0)) as score_sum
      from posts p join post_sentiments s on s.post_id = p.id
      cross join lateral (select '*'::text as topic_id union all select pt.topic_id from post_topics pt where pt.post_id = p.id) t
      where p.published_at >= any (select d at time zone 'UTC' from days)
        and date_trunc('day', p.published_at at time zone 'UTC') in (select d from days)
      group by 1, 2, 3, 4
    ),
    stored as (
      select * from sentiment_rollups_hourly where date_trunc('day', hour at time zone 'UTC') in (select d from days)
    )
    select to_char(date_trunc('day', coalesce(r.hour, s.hour) at time zone 'UTC'), 'YYYY-MM-DD') as day,
           count(*) filter (where r.post_count is distinct from s.post_count
                              or abs(coalesce(r.score_sum, 0) - coalesce(s.score_sum, 0)) > 1e-6) as mismatches,
           count(*) as keys
    from recount r full join stored s
      on r.hour = s.hour and r.source_id = s.source_id and r.topic_id = s.topic_id and r.sentiment = s.sentiment
    group by 1`);
  const bad = res.rows.filter((r) => Number(r.mismatches) > 0);
  if (bad.length > 0)
    throw new Error(
      `rollups differ from a recount on ${bad.map((b) => `${b.day} (${b.mismatches}/${b.keys})`).join(', ')}`,
    );
  if (res.rows.length === 0) throw new Error('no rollup rows to check');
  await checkDailyRollups(pool);
  return res.rows.length;
}

/** The daily tables recounted from posts on sampled London days; throws on any difference. */
async function checkDailyRollups(pool: pg.Pool): Promise<void> {
  const res = await pool.query<{ tbl: string; day: string }>(`
    with days as (
      (select distinct day from sentiment_rollups_daily_voice order by 1 desc limit 2)
      union (select day from (select distinct day from sentiment_rollups_daily_voice) x order by md5(day::text) limit 6)
    ),
    rows as (
      select p.day, p.voice, p.source_id, coalesce(p.lang, 'und') as lang, p.mentions_org_term is not null as about_us,
             s.label as sentiment, coalesce(s.score, 0) as score, t.topic_id
      from posts p join post_sentiments s on s.post_id = p.id
      cross join lateral (select '*'::text as topic_id union all select pt.topic_id from post_topics pt where pt.post_id = p.id) t
      where p.day in (select day from days)
    ),
    recount as (
      select topic_id, day, voice, source_id, lang, about_us, sentiment, count(*)::int as post_count, sum(score) as score_sum
      from rows group by 1, 2, 3, 4, 5, 6, 7
    ),
    recount_voice as (
      select topic_id, day, voice, sentiment, count(*)::int as post_count, sum(score) as score_sum from rows group by 1, 2, 3, 4
    ),
    daily as (select * from sentiment_rollups_daily where day in (select day from days)),
    daily_voice as (select * from sentiment_rollups_daily_voice where day in (select day from days))
    select 'daily' as tbl, coalesce(r.day, d.day)::text as day from recount r full join daily d
      using (topic_id, day, voice, source_id, lang, about_us, sentiment)
      where r.post_count is distinct from d.post_count or abs(coalesce(r.score_sum, 0) - coalesce(d.score_sum, 0)) > 1e-6
    union all
    select 'daily_voice', coalesce(r.day, d.day)::text from recount_voice r full join daily_voice d
      using (topic_id, day, voice, sentiment)
      where r.post_count is distinct from d.post_count or abs(coalesce(r.score_sum, 0) - coalesce(d.score_sum, 0)) > 1e-6`);
  if (res.rows.length > 0)
    throw new Error(
      `daily rollups differ from a recount: ${res.rows
        .slice(0, 5)
        .map((r) => `${r.tbl} ${r.day}`)
        .join(', ')}`,
    );
}
