/**
 * The add/edit form of each source type: its fields with labels, help and the checks the form makes
 * before saving (the connector checks again when it polls, and "check now" shows its answer).
 * Credentials are not here: they are SECRET_FIELDS, asked in password fields and never shown back.
 */
export type FieldKind = 'text' | 'url' | 'list' | 'integer' | 'boolean';

export interface SourceField {
  name: string;
  label: string;
  help: string;
  kind: FieldKind;
  required?: boolean;
  placeholder?: string;
  /** integer: bounds. */
  min?: number;
  max?: number;
  /** text, and each item of a list: the pattern and what it should look like. */
  pattern?: RegExp;
  patternHelp?: string;
}

export interface SourceFormSpec {
  /** The type's name in the form's Type list. */
  label: string;
  /** One sentence: what this source reads and what it needs. */
  about: string;
  fields: SourceField[];
  /** At least one of these fields must be filled (YouTube: a channel or some videos); the message goes on the first. */
  oneOf?: { fields: string[]; message: string };
  /** Labels and help of its credentials (SECRET_FIELDS), by field name. */
  secrets?: Record<string, { label: string; help: string }>;
}

/** Facebook, LinkedIn and YouTube re-read a recent window, since they do not report deletions. */
const windowHoursField = (what: string): SourceField => ({
  name: 'windowHours',
  label: 'Hours re-read',
  help: `${what} from this many hours are read again each poll, so edits and deletions show (default 48)`,
  kind: 'integer',
  min: 1,
  max: 24 * 14,
});

/** Mastodon, X, Bluesky search and Reddit read a bounded history when a source (or a query in it) is new. */
const historyFields: SourceField[] = [
  {
    name: 'backfillHours',
    label: 'History on first collection (hours)',
    help: 'a new source first reads back this far, newest first, then follows new posts; 0 for none (default 24)',
    kind: 'integer',
    min: 0,
    max: 24 * 7,
  },
  {
    name: 'backfillPages',
    label: 'History pages at most',
    help: 'the history stops after this many pages per search or hashtag, whichever comes first (default 10)',
    kind: 'integer',
    min: 0,
    max: 100,
  },
];

const HASHTAG = /^#?[\p{L}\p{N}_]+$/u;
const ACTOR = /^(did:[a-z]+:[\w.:%-]+|@?[a-zA-Z0-9][a-zA-Z0-9.-]*\.[a-zA-Z]{2,})$/;

export const SOURCE_FORMS: Record<string, SourceFormSpec> = {
  rss: {
    label: 'News feed (RSS or Atom)',
    about: 'A news or blog feed (RSS or Atom): the organisation’s own news, a union branch, a staff blog or a podcast.',
    fields: [
      {
        name: 'url',
        label: 'Feed address',
        help: 'the feed itself (often ending /feed or .xml), not the site’s home page',
        kind: 'url',
        required: true,
        placeholder: 'https://www.england.nhs.uk/feed/',
      },
      { name: 'name', label: 'Name', help: 'how the dashboard names it', kind: 'text' },
    ],
  },
  mastodon: {
    label: 'Mastodon hashtags',
    about: 'Public posts with chosen hashtags on a Mastodon server. No account is needed.',
    fields: [
      {
        name: 'instance',
        label: 'Server',
        help: 'the Mastodon server to read from',
        kind: 'url',
        required: true,
        placeholder: 'https://mastodon.social',
      },
      {
        name: 'hashtags',
        label: 'Hashtags',
        help: 'one per line, with or without #',
        kind: 'list',
        required: true,
        pattern: HASHTAG,
        patternHelp: 'a hashtag such as NHS or #NHSStaff',
      },
      ...historyFields,
    ],
  },
  x: {
    label: 'X search',
    about: 'Recent posts on X matching a search. X bills every post read, so set a monthly budget.',
    fields: [
      {
        name: 'query',
        label: 'Search',
        help: 'X search syntax; leave empty to search the watch list’s terms',
        kind: 'text',
        placeholder: '"NHS nurses" -is:retweet',
      },
      {
        name: 'monthlyReadBudget',
        label: 'Posts per month',
        help: 'reads allowed per calendar month; polling stops when they are spent (default 10,000)',
        kind: 'integer',
        min: 0,
        max: 10_000_000,
      },
      ...historyFields,
    ],
    secrets: { bearerToken: { label: 'Bearer token', help: 'from the X developer portal, under your app’s keys' } },
  },
  bluesky: {
    label: 'Bluesky search (account)',
    about: 'Posts on Bluesky matching a search, and every post of chosen accounts. Needs an account’s app password.',
    fields: [
      {
        name: 'identifier',
        label: 'Signing-in account',
        help: 'the handle that owns the app password',
        kind: 'text',
        required: true,
        pattern: ACTOR,
        patternHelp: 'a handle such as comms.example.bsky.social',
        placeholder: 'comms.example.bsky.social',
      },
      { name: 'query', label: 'Search', help: 'leave empty to search the watch list’s terms', kind: 'text' },
      {
        name: 'accounts',
        label: 'Accounts to follow',
        help: 'one handle per line',
        kind: 'list',
        pattern: ACTOR,
        patternHelp: 'a handle such as nhsengland.bsky.social',
      },
      ...historyFields,
    ],
    secrets: {
      appPassword: { label: 'App password', help: 'Bluesky settings → Privacy and security → App passwords' },
    },
  },
  reddit: {
    label: 'Reddit',
    about: 'New posts and their comments in chosen subreddits. Needs a Reddit app (script type).',
    fields: [
      {
        name: 'clientId',
        label: 'App id',
        help: 'shown under the app’s name at reddit.com/prefs/apps',
        kind: 'text',
        required: true,
      },
      {
        name: 'userAgent',
        label: 'User agent',
        help: 'Reddit requires this form, naming your Reddit account',
        kind: 'text',
        required: true,
        pattern: /^[\w.-]+:[\w.-]+:[\w.-]+ \(by \/u\/[\w-]{3,20}\)$/,
        patternHelp: 'like linux:org.example.listening:1.0 (by /u/yourname)',
        placeholder: 'linux:org.example.listening:1.0 (by /u/yourname)',
      },
      {
        name: 'subreddits',
        label: 'Subreddits',
        help: 'one per line, without r/',
        kind: 'list',
        required: true,
        pattern: /^[A-Za-z0-9][A-Za-z0-9_]{1,20}$/,
        patternHelp: 'a subreddit name such as nhs or JuniorDoctorsUK',
      },
      {
        name: 'query',
        label: 'Search',
        help: 'Reddit search syntax; leave empty to search the watch list',
        kind: 'text',
      },
      { name: 'allPosts', label: 'Every new post', help: 'take every new post, not only matches', kind: 'boolean' },
      ...historyFields,
    ],
    secrets: { clientSecret: { label: 'Client secret', help: 'shown as “secret” beside the app id' } },
  },
  facebook: {
    label: 'Facebook Page',
    about:
      'Posts on a Facebook Page the organisation manages, with their comments and replies. Needs a Page access token. Another organisation’s Page needs Meta’s Page Public Content Access, granted only after an app review.',
    fields: [
      {
        name: 'pageId',
        label: 'Page id',
        help: 'the Page’s number: Page settings → About → Page transparency, or “me?fields=id” in the Graph API Explorer with the Page token',
        kind: 'text',
        required: true,
        pattern: /^\d{5,20}$/,
        patternHelp: 'the Page’s number, such as 104000000000001',
      },
      windowHoursField('posts'),
    ],
    secrets: {
      pageAccessToken: {
        label: 'Page access token',
        help: 'a Page token with pages_read_engagement and pages_read_user_content, made from a long-lived user token so it does not expire',
      },
    },
  },
  linkedin: {
    label: 'LinkedIn Page',
    about:
      'Posts on the organisation’s LinkedIn page and their comments. Needs a token from a page admin through an app with the Community Management API.',
    fields: [
      {
        name: 'organization',
        label: 'Organisation',
        help: 'the page as a URN: urn:li:organization: and the number in the page admin’s address',
        kind: 'text',
        required: true,
        pattern: /^urn:li:organization:\d+$/,
        patternHelp: 'like urn:li:organization:12345',
        placeholder: 'urn:li:organization:12345',
      },
      windowHoursField('posts'),
    ],
    secrets: {
      accessToken: {
        label: 'Access token',
        help: 'a page admin’s token with r_organization_social; it lasts 60 days, so note when to replace it',
      },
    },
  },
  jetstream: {
    label: 'Bluesky live stream (no account)',
    about:
      'Bluesky posts as they are published, from Bluesky’s public event stream (Jetstream). No account is needed; posts are kept when they name a keyword, a hashtag or the watch list.',
    fields: [
      {
        name: 'keywords',
        label: 'Keywords',
        help: 'one word or phrase per line; whole words, any case',
        kind: 'list',
        pattern: /^.{2,100}$/u,
        patternHelp: 'a word or phrase of 2 to 100 characters',
      },
      {
        name: 'hashtags',
        label: 'Hashtags',
        help: 'one per line, with or without #',
        kind: 'list',
        pattern: HASHTAG,
        patternHelp: 'a hashtag such as NHS or #NHSStaff',
      },
      {
        name: 'keywordsOnly',
        label: 'Only these keywords and hashtags',
        help: 'leave unticked to also keep posts naming the watch list (names, sites, wards, services, hashtags, accounts)',
        kind: 'boolean',
      },
      {
        name: 'endpoint',
        label: 'Stream address',
        help: 'a Jetstream instance’s /subscribe address; leave empty for Bluesky’s own',
        kind: 'text',
        pattern: /^wss?:\/\/\S+$/,
        patternHelp: 'an address starting wss://',
        placeholder: 'wss://jetstream2.us-east.bsky.network/subscribe',
      },
      {
        name: 'replayHours',
        label: 'Hours the stream replays',
        help: 'after an outage longer than this the missed time is shown as a gap (default 24)',
        kind: 'integer',
        min: 1,
        max: 24 * 30,
      },
      {
        name: 'backfillHours',
        label: 'History on first connection (hours)',
        help: 'a new source first replays this many hours of the stream (default 1; every post on Bluesky passes the filter)',
        kind: 'integer',
        min: 0,
        max: 24,
      },
    ],
  },
  youtube: {
    label: 'YouTube comments',
    about:
      'Comments on the organisation’s YouTube channel, or on chosen videos. Needs an API key; every call spends one unit of the project’s daily quota.',
    fields: [
      {
        name: 'channelId',
        label: 'Channel id',
        help: 'starts UC: YouTube Studio → Settings → Channel → Advanced settings; leave empty to read only chosen videos',
        kind: 'text',
        pattern: /^UC[\w-]{22}$/,
        patternHelp: 'a channel id such as UCxxxxxxxxxxxxxxxxxxxxxx (24 characters)',
      },
      {
        name: 'videoIds',
        label: 'Videos',
        help: 'one video id per line (the 11 characters after v= in its address)',
        kind: 'list',
        pattern: /^[\w-]{11}$/,
        patternHelp: 'an 11-character video id such as dQw4w9WgXcQ',
      },
      {
        name: 'dailyQuotaUnits',
        label: 'Quota units per day',
        help: 'units this source may spend per day; Google resets them at midnight Pacific time (default 10,000)',
        kind: 'integer',
        min: 0,
        max: 10_000_000,
      },
      windowHoursField('comments'),
    ],
    oneOf: { fields: ['channelId', 'videoIds'], message: 'Give a channel id, some videos, or both' },
    secrets: {
      apiKey: {
        label: 'API key',
        help: 'Google Cloud console → APIs & Services → Credentials, restricted to the YouTube Data API v3',
      },
    },
  },
  demo: {
    label: 'Demo (made-up posts)',
    about: 'Made-up posts for trying the dashboard. Marked synthetic everywhere.',
    fields: [
      { name: 'postsPerHour', label: 'Posts per hour', help: 'default 240', kind: 'integer', min: 1, max: 36_000 },
      {
        name: 'backfillHours',
        label: 'Hours of history',
        help: 'generated at the first poll (default a week)',
        kind: 'integer',
        min: 0,
        max: 24 * 90,
      },
    ],
  },
  file: {
    label: 'File upload',
    about:
      'Rows uploaded from a file (CSV, Excel or JSON lines), such as a staff survey export. Columns are chosen at the first upload.',
    fields: [
      {
        name: 'platform',
        label: 'Platform',
        help: 'stored with each post; e.g. x when the file is an X export (default file)',
        kind: 'text',
        pattern: /^[a-z0-9_-]{1,32}$/,
        patternHelp: 'lower-case letters and digits, such as file or x',
      },
      {
        name: 'lang',
        label: 'Language',
        help: 'of every row, when the file has no language column (e.g. en)',
        kind: 'text',
      },
      {
        name: 'synthetic',
        label: 'Made-up data',
        help: 'mark these posts as synthetic, like the demo’s',
        kind: 'boolean',
      },
    ],
  },
};

/** What the form holds for a field: text as typed, or a checkbox. */
export type FieldValue = string | boolean;

/**
 * Form values → config, with a message per field that is wrong. Keys the form does not show (a
 * test's baseUrl, say) pass through from `extra` untouched.
 */
export function fieldsToConfig(
  type: string,
  values: Record<string, FieldValue>,
  extra: Record<string, unknown> = {},
): { config: Record<string, unknown>; errors: Record<string, string> } {
  const spec = SOURCE_FORMS[type];
  const config: Record<string, unknown> = { ...extra };
  const errors: Record<string, string> = {};
  for (const f of spec?.fields ?? []) {
    delete config[f.name];
    const raw = values[f.name];
    if (f.kind === 'boolean') {
      if (raw === true) config[f.name] = true;
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') {
      if (f.required) errors[f.name] = `${f.label} is needed`;
      continue;
    }
    if (f.kind === 'url') {
      let ok = false;
      try {
        ok = /^https?:$/.test(new URL(text).protocol);
      } catch {
        ok = false;
      }
      if (!ok) errors[f.name] = `${f.label}: enter a full address starting https://`;
      else config[f.name] = text;
    } else if (f.kind === 'integer') {
      const n = Number(text.replaceAll(',', ''));
      if (!Number.isInteger(n) || (f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max))
        errors[f.name] =
          `${f.label}: a whole number${f.min !== undefined ? ` from ${f.min.toLocaleString('en-GB')}` : ''}${f.max !== undefined ? ` to ${f.max.toLocaleString('en-GB')}` : ''}`;
      else config[f.name] = n;
    } else if (f.kind === 'list') {
      const items = text
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = f.pattern ? items.find((i) => !f.pattern!.test(i)) : undefined;
      if (bad !== undefined) errors[f.name] = `${f.label}: “${bad}” is not ${f.patternHelp ?? 'valid'}`;
      else if (f.required && items.length === 0) errors[f.name] = `${f.label} is needed`;
      else config[f.name] = f.name === 'hashtags' ? items.map((h) => h.replace(/^#/, '')) : items;
    } else {
      if (f.pattern && !f.pattern.test(text)) errors[f.name] = `${f.label}: should be ${f.patternHelp ?? 'valid'}`;
      else config[f.name] = text;
    }
  }
  const oneOf = spec?.oneOf;
  if (oneOf && oneOf.fields.every((f) => config[f] === undefined && !errors[f]))
    errors[oneOf.fields[0]!] = oneOf.message;
  return { config, errors };
}

/** Config → form values and the keys the form does not show. */
export function configToFields(
  type: string,
  config: Record<string, unknown>,
): { values: Record<string, FieldValue>; extra: Record<string, unknown> } {
  const spec = SOURCE_FORMS[type];
  const values: Record<string, FieldValue> = {};
  const extra: Record<string, unknown> = { ...config };
  for (const f of spec?.fields ?? []) {
    const v = config[f.name];
    delete extra[f.name];
    if (f.kind === 'boolean') values[f.name] = v === true;
    else if (Array.isArray(v)) values[f.name] = v.join('\n');
    else values[f.name] = v === undefined || v === null ? '' : String(v);
  }
  return { values, extra };
}
