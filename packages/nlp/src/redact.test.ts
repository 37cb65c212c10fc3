import { describe, expect, it } from 'vitest';
import { isValidNhsNumber, nhsCheckDigit } from './pii/nhs-number';
import { redact } from './redact';

// Independent of the code under test: weights 10..2, check = 11 - sum mod 11 (11 → 0).
function withCheckDigit(first9: string): string {
  const sum = [...first9].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
  const check = (11 - (sum % 11)) % 11;
  if (check === 10) throw new Error('no valid check digit');
  return first9 + String(check);
}

const kinds = (text: string) => redact(text).redactions.map((r) => r.kind);

describe('NHS number check digit', () => {
  it('accepts the right check digit and nothing else', () => {
    const valid = withCheckDigit('943476591');
    expect(valid).toBe('9434765919');
    expect(isValidNhsNumber(valid)).toBe(true);
    expect(nhsCheckDigit('943476591')).toBe(9);
    for (let d = 0; d <= 9; d++)
      if (String(d) !== valid[9]) expect(isValidNhsNumber(valid.slice(0, 9) + d)).toBe(false);
  });
});

describe('redact', () => {
  it('redacts a valid NHS number, spaced or not, but leaves an invalid one', () => {
    const valid = withCheckDigit('401023213');
    const spaced = `${valid.slice(0, 3)} ${valid.slice(3, 6)} ${valid.slice(6)}`;
    expect(redact(`Patient ${spaced} seen`).text).toBe('Patient [NHS number] seen');
    expect(redact(`ref ${valid}.`).text).toBe('ref [NHS number].');
    const wrong = valid.slice(0, 9) + ((Number(valid[9]) + 1) % 10);
    expect(redact(`order ${wrong}`).text).toBe(`order ${wrong}`);
  });

  it('redacts UK mobiles and landlines written the usual ways', () => {
    for (const phone of [
      '07700 900123',
      '07700900123',
      '+44 7700 900123',
      '020 7946 0958',
      '0161 496 0000',
      '+44 (0)20 7946 0958',
      '(01632) 960 123',
    ]) {
      expect(redact(`call ${phone} today`).text).toBe('call [phone] today');
    }
  });

  it('leaves service numbers, times and short numbers alone', () => {
    expect(kinds('Ring 111 or 999, shift 0730 to 1930, 3 of 12 beds')).toEqual([]);
  });

  it('redacts emails and full postcodes', () => {
    expect(redact('Email jo.bloggs+nhs@example.co.uk now').text).toBe('Email [email] now');
    expect(redact('Seen at SW1A 1AA and M1 1AE, also B338TH').text).toBe(
      'Seen at [postcode] and [postcode], also [postcode]',
    );
    expect(kinds('the M1 was shut; b12 3rd')).toEqual([]);
  });

  it('hides personal handles and keeps organisations', () => {
    expect(redact('Thanks @jo_bloggs and @NHSEngland, @theRCN, @CQCProf').text).toBe(
      'Thanks @[user] and @NHSEngland, @theRCN, @CQCProf',
    );
    expect(redact('cc @alice.bsky.social @bob@mastodon.social').text).toBe('cc @[user] @[user]');
    expect(redact('hi @kingsfund', { orgHandles: ['@KingsFund'] }).text).toBe('hi @kingsfund');
    expect(redact('hi @NHSEngland', { isOrgHandle: () => false }).text).toBe('hi @[user]');
  });

  it('returns offsets into the redacted text', () => {
    const { text, redactions } = redact('@jo: call 07700 900123 or jo@example.com');
    expect(redactions.map((r) => [r.kind, text.slice(r.start, r.end)])).toEqual([
      ['handle', '@[user]'],
      ['phone', '[phone]'],
      ['email', '[email]'],
    ]);
  });
});
