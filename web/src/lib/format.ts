import type { SentimentClass, VoiceFilter } from '@lp/contracts/api';

const countFormat = new Intl.NumberFormat('en-GB');

/**
 * How a withheld count reads: the viewer role gets counts of 1 to 9 in a breakdown finer than
 * topic × week as null, so no small group of staff is singled out (README "No singling out").
 */
export const WITHHELD = '<10';
export const WITHHELD_NOTE = 'Counts under 10 are shown as <10 so that no small group of staff can be singled out.';

export function formatCount(value: number | null): string {
  return value === null ? WITHHELD : countFormat.format(value);
}

/** `1 like`, `2,310 likes`; a withheld count reads `<10 likes`. */
export function formatCounted(value: number | null, singular: string, plural = `${singular}s`): string {
  return `${formatCount(value)} ${value === 1 ? singular : plural}`;
}

/**
 * The scored posts behind an index. Null is not "<10" here: a viewer's index is withheld whole when
 * any class of its split is withheld, however many posts it rests on.
 */
export function formatScoredPosts(value: number | null): string {
  return value === null ? 'a withheld number of scored posts' : formatCounted(value, 'scored post');
}

/** A count for arithmetic that only orders or sizes things (a withheld one as 0): never for text. */
export const countOrZero = (value: number | null): number => value ?? 0;

/**
 * A sentiment score (−1..1) with an explicit sign and a true minus sign, e.g. `+0.42`, `−0.61`, `0.00`.
 * Null (no score) reads as an en dash.
 */
export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined || Number.isNaN(score)) return '–';
  const fixed = Math.abs(score).toFixed(2);
  if (fixed === '0.00') return '0.00';
  return `${score < 0 ? '\u2212' : '+'}${fixed}`;
}

/** `part` of `whole` as a whole percentage; 0 when there is nothing to divide; an en dash when either is withheld. */
export function formatShare(part: number | null, whole: number | null): string {
  if (part === null || whole === null) return '–';
  return `${whole > 0 ? Math.round((part / whole) * 100) : 0}%`;
}

export const VOICE_ORDER: readonly VoiceFilter[] = ['staff', 'org', 'public'];

/** Who spoke, as a heading or list item; `voiceName` gives the same inside a sentence. */
export const VOICE_LABELS: Record<VoiceFilter, string> = {
  staff: 'NHS staff',
  org: 'NHS organisations',
  public: 'The public',
};
export const voiceName = (voice: VoiceFilter): string => (voice === 'public' ? 'the public' : VOICE_LABELS[voice]);

export const SENTIMENT_LABELS: Record<SentimentClass, string> = {
  positive: 'Positive',
  neutral: 'Neutral',
  negative: 'Negative',
  unscored: 'Not scored',
};

/** Stacking and legend order: the bad news first, where the eye starts. */
export const SENTIMENT_ORDER: readonly SentimentClass[] = ['negative', 'neutral', 'positive', 'unscored'];

const PLATFORM_NAMES: Record<string, string> = {
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
  reddit: 'Reddit',
  youtube: 'YouTube',
  x: 'X',
  twitter: 'X',
  rss: 'News feed',
  demo: 'Demo',
  synthetic: 'Demo',
};

export function formatPlatform(platform: string): string {
  return PLATFORM_NAMES[platform.toLowerCase()] ?? platform.charAt(0).toUpperCase() + platform.slice(1);
}

/** Only web links may become hrefs: a stored `javascript:` URL must never be clickable. */
export function safeExternalUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}
