import { describe, expect, it } from 'vitest';
import { parseFilters, serializeFilters } from './url-state';

const now = new Date('2025-06-30T23:30:00Z'); // already 1 July in London
const none = { topic: null, source: null, sentiment: null, lang: null, voice: null, aboutUs: null };

describe('parseFilters', () => {
  it('defaults to the last 7 whole London days (to yesterday) by day, all topics', () => {
    expect(parseFilters('', now)).toEqual({ from: '2025-06-24', to: '2025-07-01', bucket: 'day', ...none });
  });

  it('reads a shared view', () => {
    expect(parseFilters('?from=2025-01-01&to=2025-02-01&bucket=week&topic=staffing', now)).toEqual({
      from: '2025-01-01',
      to: '2025-02-01',
      bucket: 'week',
      ...none,
      topic: 'staffing',
    });
  });

  it('reads every filter, several topics included, and drops values the API would refuse', () => {
    const f = parseFilters(
      '?from=2025-01-01&to=2025-02-01&topic=staffing,pay,Bad%20One,pay&source=x-main&sentiment=negative&lang=cy&voice=staff&aboutUs=true',
      now,
    );
    expect(f).toMatchObject({
      topic: 'staffing,pay',
      source: 'x-main',
      sentiment: 'negative',
      lang: 'cy',
      voice: 'staff',
      aboutUs: 'true',
    });
    const bad = parseFilters('?sentiment=angry&lang=English&voice=doctor&aboutUs=yes&source=NO', now);
    expect(bad).toMatchObject(none);
    expect(parseFilters('?topic=a,b,c,d,e,f,g', now).topic).toBe('a,b,c,d,e');
  });

  it('falls back instead of trusting a broken link', () => {
    const broken = parseFilters('?from=2025-02-30&to=2025-03-01&bucket=month&topic=Not%20A%20Slug', now);
    expect(broken).toEqual({ from: '2025-06-24', to: '2025-07-01', bucket: 'day', ...none });
    // A backwards range is no range at all.
    expect(parseFilters('?from=2025-03-01&to=2025-03-01', now).from).toBe('2025-06-24');
  });
});

describe('serializeFilters', () => {
  it('round-trips and keeps parameters it does not own', () => {
    const filters = {
      from: '2025-01-01',
      to: '2025-01-08',
      bucket: 'day' as const,
      ...none,
      topic: 'pay',
      voice: 'staff' as const,
    };
    const search = serializeFilters(filters, '?debug=1&topic=old');
    expect(search).toBe('?debug=1&topic=pay&from=2025-01-01&to=2025-01-08&bucket=day&voice=staff');
    expect(parseFilters(search, now)).toEqual(filters);
  });

  it('drops the topic when cleared', () => {
    expect(serializeFilters({ from: '2025-01-01', to: '2025-01-08', bucket: 'week', ...none }, '?topic=pay')).toBe(
      '?from=2025-01-01&to=2025-01-08&bucket=week',
    );
  });
});
