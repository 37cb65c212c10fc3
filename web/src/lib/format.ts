import type { SentimentClass, VoiceFilter } from '@lp/contracts/api';

const countFormat = new Intl.NumberFormat('en-GB');

export function formatCount(value: number): string {
  return countFormat.format(value);
}

/** `1 like`, `2,310 likes`. */
export function formatCounted(value: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(value)} ${value === 1 ? singular : plural}`;
}

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

/** `part` of `whole` as a whole percentage; 0 when there is nothing to divide. */
export function formatShare(part: number, whole: number): string {
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
