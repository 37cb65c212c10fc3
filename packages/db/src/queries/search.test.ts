import { describe, expect, it } from 'vitest';
import { MATCH_END as E, MATCH_START as S, headlineMatches } from './search';

describe('headlineMatches', () => {
  it('maps marks to offsets in the original text', () => {
    const text = 'Nurses are tired 😀 of the nurse rota';
    const headline = `${S}Nurses${E} are tired 😀 of the ${S}nurse${E} rota`;
    const matches = headlineMatches(text, headline);
    expect(matches.map((m) => text.slice(m.start, m.end))).toEqual(['Nurses', 'nurse']);
  });

  it('drops every highlight when the headline is not the stored text', () => {
    expect(headlineMatches('a nurse', `${S}nurse${E}`)).toEqual([]);
    expect(headlineMatches('a nurse', `a ${S}nurse`)).toEqual([]);
    expect(headlineMatches('a nurse', `a ${E}nurse${S}`)).toEqual([]);
    expect(headlineMatches(`a ${S}nurse`, `a ${S}${S}nurse${E}`)).toEqual([]);
  });

  it('returns nothing for no headline or no marks', () => {
    expect(headlineMatches('a nurse', null)).toEqual([]);
    expect(headlineMatches('a nurse', 'a nurse')).toEqual([]);
  });
});
