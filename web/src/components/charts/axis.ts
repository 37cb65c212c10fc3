import { formatCount } from '../../lib/format';
import { CHART_TEXT } from './sentiment-colors';

/**
 * A count axis people can read: 0 and four equal steps of 1, 2, 2.5 or 5 × a power of ten
 * (0 / 500 / 1,000 / 1,500 / 2,000, never 0 / 550 / 1,100 / 1,650). Four steps also line the
 * count gridlines up with the mean-score axis's −1 / −0.5 / 0 / +0.5 / +1 on the same chart.
 */
export function niceCountAxis(max: number, steps = 4): { domain: [number, number]; ticks: number[] } {
  const raw = Math.max(1, max) / steps;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw && Number.isInteger(s)) ?? 10 * power;
  const whole = Math.max(1, Math.ceil(step));
  return { domain: [0, whole * steps], ticks: Array.from({ length: steps + 1 }, (_, i) => i * whole) };
}

/** The props of a "Posts" count axis on `niceCountAxis`'s ticks, shared by the time charts. */
export function countAxisProps(max: number) {
  const axis = niceCountAxis(max);
  return {
    allowDecimals: false,
    domain: axis.domain,
    ticks: axis.ticks,
    tick: { fill: CHART_TEXT, fontSize: 12 },
    tickLine: false,
    axisLine: false,
    width: 52,
    tickFormatter: (v: number) => formatCount(v),
    label: { value: 'Posts', angle: -90, position: 'insideLeft' as const, fill: CHART_TEXT, fontSize: 12, dy: 16 },
  };
}
