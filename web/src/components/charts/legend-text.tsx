import { CHART_TEXT } from './sentiment-colors';

/** Legend labels in body text colour: recharts paints them in the series colour, too faint for pale series. */
export function legendText(value: unknown) {
  return <span style={{ color: CHART_TEXT }}>{String(value)}</span>;
}
