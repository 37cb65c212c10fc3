import type { EventKind } from '@lp/contracts/events';

export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  strike: 'Strike',
  pay: 'Pay',
  report: 'Report',
  incident: 'Incident',
  policy: 'Policy',
  other: 'Other',
};
