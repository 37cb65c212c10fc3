import { describe, expect, it } from 'vitest';
import { bucketRange, parseDrill, serializeDrill } from './drill-state';

describe('drill-down state', () => {
  it('round-trips through the query string, keeping other parameters', () => {
    const drill = {
      from: '2025-11-12',
      to: '2025-11-13',
      sentiment: 'negative',
      topic: 'staffing',
      source: null,
    } as const;
    const search = serializeDrill(drill, '?from=2025-11-10&to=2025-11-17');
    expect(search).toBe(
      '?from=2025-11-10&to=2025-11-17&dfrom=2025-11-12&dto=2025-11-13&dsentiment=negative&dtopic=staffing',
    );
    expect(parseDrill(search)).toEqual(drill);
    expect(serializeDrill(null, search)).toBe('?from=2025-11-10&to=2025-11-17');
  });

  it('ignores a mangled link', () => {
    expect(parseDrill('?dfrom=2025-11-13&dto=2025-11-12')).toBeNull();
    expect(parseDrill('?dfrom=x&dto=2025-11-12')).toBeNull();
    expect(parseDrill('?dfrom=2025-11-12&dto=2025-11-13&dsentiment=angry&dtopic=Bad!')).toEqual({
      from: '2025-11-12',
      to: '2025-11-13',
      sentiment: null,
      topic: null,
      source: null,
    });
  });

  it('turns a bucket into its range, cut to the dashboard range', () => {
    const range = { from: '2025-11-12', to: '2025-11-20' };
    expect(bucketRange('2025-11-14', 'day', range)).toEqual({ from: '2025-11-14', to: '2025-11-15' });
    expect(bucketRange('2025-11-10', 'week', range)).toEqual({ from: '2025-11-12', to: '2025-11-17' });
    expect(bucketRange('2025-11-17', 'week', range)).toEqual({ from: '2025-11-17', to: '2025-11-20' });
  });
});
