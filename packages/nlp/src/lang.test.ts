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

  it('reads short tweets of names, hashtags and punctuation as English when no other language is identified', () => {
    const unsure = () => null;
    for (const text of [
      '#ThankYou tweets show heartfelt gratitude to the President',
      '@user .....Good old Bob!!',
      'CQC inspection next week, everyone is anxious',
      'Damn it Braves!  Damn Damn Damn!',
    ]) {
      expect(resolveLanguage(null, text), text).toBe('en');
      expect(resolveLanguage(null, text, undefined, { detect: unsure }), text).toBe('en');
    }
    // A confident guess of another language on a few English words does not win...
    expect(resolveLanguage(null, 'Wait time', undefined, { detect: () => 'fr' })).toBe('en');
    // ...but it does on text without English words, and Welsh stays Welsh.
    expect(resolveLanguage(null, 'Merci beaucoup à toute l’équipe', undefined, { detect: () => 'fr' })).toBe('fr');
    expect(
      resolveLanguage(null, 'Diolch yn fawr i bawb yn yr ysbyty am y gofal', undefined, { detect: () => 'cy' }),
    ).toBe('cy');
    // No words at all, or none we know: no language, not scored.
    expect(resolveLanguage(null, '@user 11?', undefined, { detect: unsure })).toBeNull();
  });

  it('scores English only', () => {
    expect([...SCORED_LANGUAGES]).toEqual(['en']);
  });
});
