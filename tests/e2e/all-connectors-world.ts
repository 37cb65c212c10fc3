import { makeStatus, startMastodonFixture } from '../../services/ingest/src/testing/mastodon-fixture';
import {
  FIXTURE_ACCOUNT,
  makePost as makeSkeet,
  startBlueskyFixture,
} from '../../services/ingest/src/connectors/bluesky/bluesky-fixture';
import { startRedditFixture } from '../../services/ingest/src/connectors/reddit/reddit-fixture';
import {
  FIXTURE_CLIENT,
  makeComment,
  makePost as makeRedditPost,
} from '../../services/ingest/src/connectors/reddit/reddit-samples';
import { newsItem, startRssFixture } from '../../services/ingest/src/connectors/rss/rss-fixture';
import { makeTweet, snowflake, snowflakes, startXFixture } from '../../services/ingest/src/connectors/x/x-fixture';
import {
  FIXTURE_PAGE,
  FIXTURE_PAGE_TOKEN,
  makeFbComment,
  makeFbPost,
  startFacebookFixture,
} from '../../services/ingest/src/connectors/facebook/facebook-fixture';
import {
  FIXTURE_LI_TOKEN,
  FIXTURE_ORG,
  makeLiComment,
  makeLiPost,
  startLinkedinFixture,
} from '../../services/ingest/src/connectors/linkedin/linkedin-fixture';
import {
  CHANNEL,
  FIXTURE_API_KEY,
  makeComment as makeYtComment,
  startYoutubeFixture,
} from '../../services/ingest/src/connectors/youtube/youtube-fixture';

/**
 * Every platform's fixture server at once, each loaded with a few posts, the items that must not
 * become posts (a retweet, a repost, a crosspost) and one malformed item, plus what we expect the
 * pipeline to keep of them. `expected` is computed from what was loaded, never read back.
 */

/** The process environment the sources file's `${VAR}` credentials resolve from. */
export const ENV = {
  X_BEARER_TOKEN: 'e2e-x-bearer-token',
  BSKY_APP_PASSWORD: FIXTURE_ACCOUNT.password,
  REDDIT_CLIENT_SECRET: FIXTURE_CLIENT.secret,
  FB_PAGE_TOKEN: FIXTURE_PAGE_TOKEN,
  LI_TOKEN: FIXTURE_LI_TOKEN,
  YOUTUBE_API_KEY: FIXTURE_API_KEY,
};
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
const WATCHED = 'trust.bsky.social';
const UA = 'linux:uk.nhs.listeningpost:0.1 (by /u/nhs_comms)';

export const FFT_CSV = [
  'Ref,Date,Question,Comment,Name',
  'fft-1,02/01/2025 09:15,What did we do well?,"The nurses were kind and caring, thank you",Pat',
  'fft-2,02/01/2025 10:00,What could we improve?,Waited four hours in A&E,',
  'fft-3,03/01/2025 11:00,What could we improve?,,Sam',
  'fft-4,2025-01-04T12:00:00Z,What did we do well?,Clean ward and good food,Lee',
].join('\r\n');
export const FFT_MAPPING = { id: 'Ref', text: 'Comment', time: 'Date', author: 'Name', question: 'Question' };

/** Key of a stored post: its platform, the platform's id, and the source that fetched it. */
export const key = (platform: string, externalId: string, sourceId: string) => `${platform} ${externalId} ${sourceId}`;

export interface Quarantined {
  sourceId: string;
  externalId: string;
  reason: RegExp;
}

export async function startWorld() {
  const [mastodon, x, bluesky, reddit, rss, facebook, linkedin, youtube] = await Promise.all([
    startMastodonFixture(),
    startXFixture(ENV.X_BEARER_TOKEN),
    startBlueskyFixture(),
    startRedditFixture(),
    startRssFixture(),
    startFacebookFixture(),
    startLinkedinFixture(),
    startYoutubeFixture(),
  ]);
  const expected = new Set<string>();
  const quarantined: Quarantined[] = [];

  // Mastodon: three statuses and one without a usable created_at.
  const statuses = ['3001', '3002', '3004'].map((id) => makeStatus(mastodon.host, id));
  const undated = { ...makeStatus(mastodon.host, '3003'), created_at: 'yesterday' };
  mastodon.add('nhs', [...statuses, undated]);
  for (const s of statuses) expected.add(key('mastodon', s.uri, 'masto'));
  quarantined.push({ sourceId: 'masto', externalId: undated.uri, reason: /created_at/ });

  // X: a post, its retweet (amplification, not a post), a quote, a reply, a malformed post.
  const [a, rt, quote, reply, bad] = snowflakes(new Date(Date.now() - 3_600_000), 5) as [string, ...string[]];
  x.add(
    makeTweet(a),
    makeTweet(rt!, { text: 'RT @ward_nurse_101: Long wait', referenced_tweets: [{ type: 'retweeted', id: a }] }),
    makeTweet(quote!, { referenced_tweets: [{ type: 'quoted', id: a }] }),
    makeTweet(reply!, { referenced_tweets: [{ type: 'replied_to', id: a }] }),
    { ...makeTweet(bad!), created_at: 'last Tuesday' },
  );
  for (const id of [a, quote!, reply!]) expected.add(key('x', id, 'x'));
  quarantined.push({ sourceId: 'x', externalId: bad!, reason: /created_at/ });

  // Bluesky: search hits (one without createdAt), and a watched account's feed with a repost.
  const broken = makeSkeet(2, { record: { $type: 'app.bsky.feed.post', text: 'no date #NHS' } });
  const hits = [makeSkeet(0), makeSkeet(1), makeSkeet(3)];
  bluesky.index(...hits, broken);
  const own = [10, 11].map((n) => makeSkeet(n, { author: { did: 'did:plc:trust', handle: WATCHED } }));
  const repost = { $type: 'app.bsky.feed.defs#reasonRepost', indexedAt: makeSkeet(12).indexedAt };
  bluesky.feed(WATCHED, { post: own[0]! }, { post: makeSkeet(99), reason: repost }, { post: own[1]! });
  for (const p of [...hits, ...own]) expected.add(key('bluesky', p.uri, 'bsky'));
  quarantined.push({ sourceId: 'bsky', externalId: broken.uri, reason: /record\.createdAt/ });

  // Reddit: two posts (one with a comment, stored as a post), a crosspost, a malformed post.
  const kept = makeRedditPost('NHS', 4, { num_comments: 1 });
  const comment = makeComment(kept, 1);
  const plain = makeRedditPost('NHS', 1);
  const malformed = makeRedditPost('NHS', 2, { permalink: 42 });
  reddit.add(
    'nhs',
    plain,
    malformed,
    makeRedditPost('NHS', 3, { crosspost_parent: 't3_zzzzzz', title: 'x-posted from r/nursing' }),
    kept,
  );
  reddit.addComments(kept, comment);
  for (const c of [plain, kept, comment]) expected.add(key('reddit', c.data.name as string, 'reddit'));
  quarantined.push({ sourceId: 'reddit', externalId: malformed.data.name as string, reason: /permalink/ });

  // RSS: a news feed with one item whose pubDate is not a date.
  rss.setFeed('/news.xml', 'rss', [newsItem(3), newsItem(2, { date: 'Thursday-ish' }), newsItem(1)]);
  for (const n of [3, 1]) expected.add(key('rss', newsItem(n).id!, 'news'));
  quarantined.push({ sourceId: 'news', externalId: newsItem(2).id!, reason: /pubDate "Thursday-ish"/ });

  // Facebook: two Page posts, a visitor's comment, and a post whose created_time is not a time.
  const fbPosts = [makeFbPost(1, hoursAgo(2)), makeFbPost(2, hoursAgo(3))];
  const fbComment = makeFbComment(fbPosts[0]!, 1, hoursAgo(1));
  const fbBad = makeFbPost(3, hoursAgo(4), { created_time: 'last week' });
  facebook.add(...fbPosts, fbBad);
  facebook.addComments(fbPosts[0]!, fbComment);
  for (const p of [...fbPosts, fbComment]) expected.add(key('facebook', p.id, 'fb'));
  quarantined.push({ sourceId: 'fb', externalId: fbBad.id, reason: /created_time "last week"/ });

  // LinkedIn: two organisation posts, a member's comment, a post with no usable createdAt.
  const liPosts = [makeLiPost(1, hoursAgo(2)), makeLiPost(2, hoursAgo(3))];
  const liComment = makeLiComment(liPosts[0]!.id as string, 1, hoursAgo(1));
  const liBad = makeLiPost(3, hoursAgo(4), { createdAt: 'Tuesday' });
  linkedin.add(...liPosts, liBad);
  linkedin.addComments(liPosts[0]!.id as string, liComment);
  for (const id of [liPosts[0]!.id, liPosts[1]!.id, liComment.commentUrn] as string[])
    expected.add(key('linkedin', id, 'li'));
  quarantined.push({ sourceId: 'li', externalId: liBad.id as string, reason: /createdAt/ });

  // YouTube: a thread with a reply, another thread, and one whose comment has no usable publishedAt.
  youtube.addThread(makeYtComment('yt-a', hoursAgo(2)), [makeYtComment('yt-a-r', hoursAgo(1), { parentId: 'yt-a' })]);
  youtube.addThread(makeYtComment('yt-b', hoursAgo(3)));
  const ytBad = makeYtComment('yt-bad', hoursAgo(4));
  ytBad.snippet.publishedAt = 'yesterday';
  youtube.addThread(ytBad);
  for (const id of ['yt-a', 'yt-a-r', 'yt-b']) expected.add(key('youtube', id, 'yt'));
  quarantined.push({ sourceId: 'yt', externalId: 'yt-bad', reason: /publishedAt/ });

  // File: the rows with text, keyed by the source id and the Ref column (the row without text is reported).
  for (const ref of ['fft-1', 'fft-2', 'fft-4']) expected.add(key('file', `fft:${ref}`, 'fft'));

  /** One new item on every platform that has a cursor; the rest of what they serve is unchanged. */
  const addMore = () => {
    const status = makeStatus(mastodon.host, '3005');
    mastodon.add('nhs', [status]);
    expected.add(key('mastodon', status.uri, 'masto'));
    const tweet = snowflake(new Date(), 1);
    x.add(makeTweet(tweet));
    expected.add(key('x', tweet, 'x'));
    bluesky.index(makeSkeet(4));
    expected.add(key('bluesky', makeSkeet(4).uri, 'bsky'));
    const post = makeRedditPost('NHS', 5);
    reddit.add('nhs', post);
    expected.add(key('reddit', post.data.name as string, 'reddit'));
    rss.setFeed('/news.xml', 'rss', [newsItem(4), newsItem(3), newsItem(2, { date: 'Thursday-ish' }), newsItem(1)]);
    expected.add(key('rss', newsItem(4).id!, 'news'));
    const fbNew = makeFbComment(fbPosts[1]!, 2, new Date());
    facebook.addComments(fbPosts[1]!, fbNew);
    expected.add(key('facebook', fbNew.id, 'fb'));
    const liNew = makeLiPost(4, new Date());
    linkedin.add(liNew);
    expected.add(key('linkedin', liNew.id as string, 'li'));
    youtube.addThread(makeYtComment('yt-c', new Date()));
    expected.add(key('youtube', 'yt-c', 'yt'));
  };

  // JSON is YAML: the sources file as an operator writes it, credentials as `${VAR}` references.
  const sourcesFile = JSON.stringify({
    sources: [
      { id: 'masto', type: 'mastodon', every: '1h', instance: mastodon.url, hashtags: ['NHS'] },
      { id: 'x', type: 'x', every: '1h', query: 'nhs', baseUrl: x.url, bearerToken: '${X_BEARER_TOKEN}' },
      {
        id: 'bsky',
        type: 'bluesky',
        every: '1h',
        service: bluesky.url,
        identifier: FIXTURE_ACCOUNT.handle,
        appPassword: '${BSKY_APP_PASSWORD}',
        query: 'NHS',
        accounts: [WATCHED],
      },
      {
        id: 'reddit',
        type: 'reddit',
        every: '1h',
        clientId: FIXTURE_CLIENT.id,
        clientSecret: '${REDDIT_CLIENT_SECRET}',
        userAgent: UA,
        subreddits: ['NHS'],
        allPosts: true,
        commentThreads: 5,
        baseUrl: reddit.url,
        authUrl: reddit.authUrl,
      },
      { id: 'news', type: 'rss', every: '1h', url: rss.feedUrl('/news.xml'), name: 'Trust news' },
      {
        id: 'fb',
        type: 'facebook',
        every: '1h',
        pageId: FIXTURE_PAGE,
        pageAccessToken: '${FB_PAGE_TOKEN}',
        baseUrl: facebook.url,
      },
      {
        id: 'li',
        type: 'linkedin',
        every: '1h',
        organization: FIXTURE_ORG,
        accessToken: '${LI_TOKEN}',
        baseUrl: linkedin.url,
      },
      {
        id: 'yt',
        type: 'youtube',
        every: '1h',
        channelId: CHANNEL,
        apiKey: '${YOUTUBE_API_KEY}',
        baseUrl: youtube.url,
      },
      { id: 'fft', type: 'file', every: '1d', mapping: FFT_MAPPING, lang: 'en' },
      // A tiny fixed backlog and (almost) no live posts, so its posts are known in advance.
      { id: 'demo', type: 'demo', every: '1h', backfillHours: 1, backfillPostsPerHour: 10, postsPerHour: 0.001 },
    ],
  });

  return {
    fixtures: { mastodon, x, bluesky, reddit, rss, facebook, linkedin, youtube },
    sourcesFile,
    expected,
    quarantined,
    addMore,
    close: () => Promise.all([mastodon, x, bluesky, reddit, rss, facebook, linkedin, youtube].map((f) => f.close())),
  };
}
export type World = Awaited<ReturnType<typeof startWorld>>;
