import { isValidNhsNumber } from './nhs-number';

export type RedactionKind = 'nhs-number' | 'phone' | 'email' | 'postcode' | 'handle';

export interface PiiPattern {
  kind: RedactionKind;
  re: RegExp;
  /** Rejects look-alikes the regex alone cannot tell apart (wrong check digit, wrong length). */
  valid?: (match: string) => boolean;
}

const NON_DIGITS = /\D/g;
const LEADING_ZERO = /^0/;

/** UK numbers: after +44 or the trunk 0, 9 or 10 digits starting 1, 2, 3, 5, 7, 8 or 9. */
function validUkPhone(match: string): boolean {
  const digits = match.replace(NON_DIGITS, '');
  // "+44 (0)20 ..." writes the trunk 0 as well; drop it after the country code.
  const national = match.startsWith('+') ? digits.slice(2).replace(LEADING_ZERO, '') : digits.slice(1);
  return (national.length === 9 || national.length === 10) && '1235789'.includes(national[0] ?? 'x');
}

// Compiled once; redaction runs on every post before anything else sees it.
export const PII_PATTERNS: PiiPattern[] = [
  // Bluesky handles have dots, Mastodon's are @user@instance; a word character before '@' means an email.
  {
    kind: 'handle',
    re: /(?<![\w@.])@[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?/g,
  },
  { kind: 'email', re: /(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  // Ten digits, optionally grouped 3-3-4 with the same separator twice.
  {
    kind: 'nhs-number',
    re: /(?<![\d+])\d{3}([ -]?)\d{3}\1\d{4}(?!\d)/g,
    valid: (m) => isValidNhsNumber(m.replace(NON_DIGITS, '')),
  },
  {
    kind: 'phone',
    re: /(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}(?:[\s-]?\d{3,4})?(?!\d)/g,
    valid: validUkPhone,
  },
  // Full postcodes only (outward + inward code), upper case as written on letters: case-insensitive
  // matching would catch phrases like "b12 3rd".
  { kind: 'postcode', re: /\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPS-UW\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}\b/g },
];
