import { describe, expect, it } from 'vitest';
import { distinctiveTerms, termsOf } from './distinctive-terms';

const FILLER = [
  'Waited four hours in A&E but the nurses were brilliant',
  'GP appointment booked online, receptionist very helpful',
  'Pharmacy ran out of my prescription again this month',
  'Ambulance took ages to arrive for my nan',
  'Staff on the ward were kind and patient with my dad',
  'Parking at the hospital is a nightmare and costs a fortune',
  'Junior doctors strike planned for next month',
  'Waiting list for hip surgery is still months long',
  'Mental health services need proper funding #NHSPay',
  'Impossible to find an NHS dentist taking new patients',
  'Midwives were amazing during a long labour',
  'Discharge took all afternoon waiting for medication',
];

// Cycling through the sentences gives every corpus the same mix, so any term listed is there
// because of what was planted, not because of sampling noise in the test data.
function filler(n: number, offset = 0): string[] {
  return Array.from({ length: n }, (_, i) => FILLER[(i + offset) % FILLER.length] as string);
}

const PLANTED = [
  'Norovirus on the ward, ward closure announced',
  'Ward closure again because of norovirus',
  'Visiting stopped: norovirus and a ward closure',
];

function windowWithOutbreak(): string[] {
  const planted = filler(30, 7).map((f, i) => `${PLANTED[i % PLANTED.length]}. ${f}`);
  return [...filler(200, 3), ...planted];
}

describe('termsOf', () => {
  it('keeps content words, hashtags and adjacent-word bigrams, once each', () => {
    const terms = termsOf('Norovirus norovirus outbreak! The ward is shut #WardClosure 2024 at 12:30 x');
    expect([...terms].sort()).toEqual(
      ['norovirus', 'outbreak', 'norovirus outbreak', 'norovirus norovirus', 'ward', 'shut', '#wardclosure'].sort(),
    );
  });

  it('does not join words across punctuation or a stop word', () => {
    expect(termsOf('closure. Ward').has('closure ward')).toBe(false);
    expect(termsOf('closure of ward').has('closure ward')).toBe(false);
  });
});

describe('distinctiveTerms', () => {
  it('surfaces planted words and phrases at the top', () => {
    const terms = distinctiveTerms(windowWithOutbreak(), filler(2000, 11));
    const names = terms.map((t) => t.term);
    expect(names.slice(0, 3)).toEqual(expect.arrayContaining(['norovirus', 'ward closure']));
    for (const t of terms) expect(t.z).toBeGreaterThan(1.96);
    expect(terms.map((t) => t.z)).toEqual([...terms.map((t) => t.z)].sort((a, b) => b - a));
    // Rounded to two decimals for display.
    for (const t of terms) expect(Math.round(t.z * 100) / 100).toBe(t.z);
  });

  it('does not list words the window shares with the baseline at the usual rate', () => {
    const names = distinctiveTerms(windowWithOutbreak(), filler(2000, 11)).map((t) => t.term);
    for (const common of ['appointment', 'nurses', 'hospital', 'waiting', 'pharmacy', '#nhspay', 'hip surgery']) {
      expect(names).not.toContain(common);
    }
  });

  it('lists nothing when the window is just more of the usual', () => {
    expect(distinctiveTerms(filler(300, 5), filler(3000, 9))).toEqual([]);
  });

  it('counts a term once per post, so one spammy post cannot surface it', () => {
    const spam = Array.from({ length: 50 }, () => 'refund').join(' ');
    const names = distinctiveTerms([...filler(100, 2), spam], filler(1000, 4)).map((t) => t.term);
    expect(names).not.toContain('refund');
  });

  it('respects top and minCount', () => {
    const window = windowWithOutbreak();
    const base = filler(2000, 11);
    expect(distinctiveTerms(window, base, { top: 1 })).toHaveLength(1);
    expect(distinctiveTerms(window, base, { minCount: 1000 })).toEqual([]);
  });

  it('gives [] for an empty window or an empty baseline', () => {
    expect(distinctiveTerms([], filler(100, 1))).toEqual([]);
    expect(distinctiveTerms(['', '!!!'], filler(100, 1))).toEqual([]);
    expect(distinctiveTerms(windowWithOutbreak(), [])).toEqual([]);
  });

  it('handles 2,000 window posts against 20,000 baseline posts quickly', () => {
    const window = [...filler(1970, 21), ...windowWithOutbreak().slice(-30)];
    const base = filler(20_000, 22);
    const started = performance.now();
    const names = distinctiveTerms(window, base).map((t) => t.term);
    const elapsed = performance.now() - started;
    expect(names).toContain('norovirus');
    // Generous, to stay quiet on a loaded CI machine; a quadratic pass would take minutes.
    expect(elapsed).toBeLessThan(5000);
  });
});
