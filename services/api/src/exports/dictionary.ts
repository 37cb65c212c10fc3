import type { DataDictionary, ExportKind } from '@lp/contracts/exports';

type Column = DataDictionary['columns'][number];

/** The posts export's columns, in order (CSV and XLSX; JSON Lines keeps the same names, nested where noted). */
export const POST_COLUMNS: Column[] = [
  { name: 'id', type: 'text', unit: null, description: 'Listening Post’s id for the post.' },
  { name: 'published_at', type: 'timestamp', unit: 'UTC, ISO 8601', description: 'When the post was published.' },
  {
    name: 'source',
    type: 'text',
    unit: null,
    description: 'The source (feed, account, search or import) it came from.',
  },
  { name: 'platform', type: 'text', unit: null, description: 'The platform: x, mastodon, bluesky, reddit, rss, file…' },
  { name: 'url', type: 'text', unit: null, description: 'The post on its platform; empty when it has none (imports).' },
  { name: 'text', type: 'text', unit: null, description: 'The text as stored (evidence offsets index into it).' },
  {
    name: 'language',
    type: 'text',
    unit: 'ISO 639',
    description: 'Detected language; empty when it could not be told.',
  },
  { name: 'voice', type: 'text', unit: null, description: 'Who is speaking: staff, org (the organisation) or public.' },
  { name: 'about_us', type: 'boolean', unit: null, description: 'Whether the post names a watch-list term.' },
  { name: 'sentiment', type: 'text', unit: null, description: 'positive, neutral, negative or unscored.' },
  { name: 'sentiment_score', type: 'number', unit: '−1 to +1', description: 'The model’s score; empty when unscored.' },
  {
    name: 'sentiment_evidence',
    type: 'json',
    unit: 'characters',
    description: 'The words behind the sentiment: [{ term, start, end, weight }], offsets into text.',
  },
  {
    name: 'topics',
    type: 'text',
    unit: null,
    description:
      'Topic ids with their scores, highest first, as "id:score" separated by "; ". JSON Lines: [{ id, score, evidence }].',
  },
  {
    name: 'topic_evidence',
    type: 'json',
    unit: 'characters',
    description:
      'Per topic, the words that tagged it: { topic: [{ term, start, end }] }. Not in JSON Lines (nested in topics).',
  },
  { name: 'reposts', type: 'integer', unit: 'count', description: 'Reposts or boosts when the platform gives them.' },
  { name: 'likes', type: 'integer', unit: 'count', description: 'Likes or favourites when the platform gives them.' },
  { name: 'replies', type: 'integer', unit: 'count', description: 'Replies when the platform gives them.' },
  {
    name: 'impact',
    type: 'number',
    unit: 'reach × negativity',
    description:
      '(1 + reposts + likes + replies) × −score for negative posts, else 0: how "posts that moved the numbers" ranks.',
  },
  { name: 'synthetic', type: 'boolean', unit: null, description: 'True for the demo’s made-up posts.' },
  {
    name: 'model_version',
    type: 'text',
    unit: null,
    description: 'The model and taxonomy version that tagged the post.',
  },
];

export const TOPIC_COLUMNS: Column[] = [
  { name: 'topic', type: 'text', unit: null, description: 'Topic id.' },
  { name: 'topic_name', type: 'text', unit: null, description: 'Topic name as the taxonomy has it.' },
  { name: 'bucket', type: 'text', unit: null, description: 'day, week (Monday start) or month, Europe/London.' },
  { name: 'bucket_start', type: 'date', unit: 'Europe/London', description: 'First day of the bucket.' },
  { name: 'sentiment', type: 'text', unit: null, description: 'positive, neutral, negative or unscored.' },
  {
    name: 'posts',
    type: 'integer',
    unit: 'count',
    description:
      'Posts with the topic and this sentiment in the bucket (within the range). Summed over a topic, equals /api/v1/trends total with that topic.',
  },
  { name: 'bucket_posts', type: 'integer', unit: 'count', description: 'All posts with the topic in the bucket.' },
  {
    name: 'share',
    type: 'number',
    unit: '0 to 1',
    description: 'posts ÷ bucket_posts; empty when the bucket is empty.',
  },
  {
    name: 'index',
    type: 'number',
    unit: '−100 to +100',
    description:
      'Sentiment index of the topic in the bucket: 100 × (positive − negative) ÷ scored; empty under 30 scored posts.',
  },
  { name: 'index_low', type: 'number', unit: '−100 to +100', description: '95% interval, lower end.' },
  { name: 'index_high', type: 'number', unit: '−100 to +100', description: '95% interval, upper end.' },
  { name: 'scored_posts', type: 'integer', unit: 'count', description: 'Posts with a sentiment (the index’s base).' },
  {
    name: 'partial_bucket',
    type: 'boolean',
    unit: null,
    description: 'True when the range cuts the bucket (its counts cover only part of it).',
  },
  {
    name: 'complete_data',
    type: 'boolean',
    unit: null,
    description: 'True when every source collected every hour of the bucket’s days in the range.',
  },
  {
    name: 'index_change',
    type: 'number',
    unit: 'index points',
    description:
      'index minus the previous bucket’s, only when both are whole, have complete data and enough scored posts (the API’s comparison rules).',
  },
  { name: 'comparison_note', type: 'text', unit: null, description: 'Why index_change is empty, when it is.' },
];

export function dictionaryFor(kind: ExportKind, modelVersions: string[]): DataDictionary {
  return {
    kind,
    columns: kind === 'posts' ? POST_COLUMNS : TOPIC_COLUMNS,
    notes: [
      'Times are UTC in published_at; days, weeks and months are Europe/London calendar days.',
      'In CSV and XLSX, a text cell that begins with =, +, -, @, a tab or a carriage return starts with an apostrophe so spreadsheets do not run it as a formula; JSON Lines holds the exact text.',
      'CSV is UTF-8 with a byte-order mark (for Excel), RFC 4180 quoting. XLSX starts a new sheet every 1,048,575 rows; its last sheet is this dictionary.',
      'Filters as in the dashboard: topic (any of), source, sentiment, lang, voice, aboutUs.',
    ],
    modelVersion: modelVersions[0] ?? null,
  };
}
