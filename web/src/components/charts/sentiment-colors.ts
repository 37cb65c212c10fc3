import type { SentimentClass } from '@lp/contracts/api';

/** NHS identity colours for each sentiment class; styles.css uses the same values. */
export const SENTIMENT_COLORS: Record<SentimentClass, string> = {
  positive: '#007f3b',
  neutral: '#768692',
  negative: '#d5281b',
  unscored: '#aeb7bd',
};

export const CHART_TEXT = '#212b32';
export const CHART_GRID = '#d8dde0';
export const MEAN_LINE = '#003087';
/** Annotation lines: NHS warm yellow would fail contrast on white, so NHS purple. */
export const EVENT_LINE = '#330072';

/** One colour per compared topic: NHS blue, dark pink, dark green, purple, warm orange (all ≥ 3:1 on white). */
export const TOPIC_SERIES_COLORS = ['#005eb8', '#7c2855', '#006747', '#330072', '#b3470b'];
