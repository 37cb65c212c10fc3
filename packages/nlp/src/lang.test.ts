import { describe, expect, it } from 'vitest';
import { normaliseLanguage, resolveLanguage, SCORED_LANGUAGES } from './lang';

describe('language', () => {
  it('normalises platform codes to ISO 639-1', () => {
    expect(normaliseLanguage('en-GB')).toBe('en');
    expect(normaliseLanguage('EN_us')).toBe('en');
    expect(normaliseLanguage('cy')).toBe('cy');
    expect(normaliseLanguage('cym')).toBe('cy');
    expect(normaliseLanguage('und')).toBeNull();
    expect(normaliseLanguage('')).toBeNull();
    expect(normaliseLanguage(null)).toBeNull();
  });

  it('trusts the platform over the text', () => {
    expect(resolveLanguage('cy', 'This is clearly English text about the ward')).toBe('cy');
  });

  it('falls back to a plain-English check when the platform gives no language', () => {
    expect(resolveLanguage(null, 'Another night shift on the ward and we were short again')).toBe('en');
    expect(resolveLanguage(undefined, 'Brilliant care, thank you!')).toBe('en');
    expect(resolveLanguage('und', 'We are so proud of our nurses')).toBe('en');
    expect(resolveLanguage(null, 'Diolch yn fawr i bawb yn yr ysbyty am y gofal')).toBeNull();
    expect(resolveLanguage(null, 'Merci beaucoup à toute l’équipe de l’hôpital')).toBeNull();
    expect(resolveLanguage(null, '🙂 https://nhs.uk')).toBeNull();
  });

  it('scores English only', () => {
    expect([...SCORED_LANGUAGES]).toEqual(['en']);
  });
});
