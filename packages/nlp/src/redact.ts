import { PII_PATTERNS, type RedactionKind } from './pii/patterns';

export type { RedactionKind };

/** Offsets index into the redacted text: `text.slice(start, end)` is the placeholder. */
export interface Redaction {
  kind: RedactionKind;
  start: number;
  end: number;
}

export interface Redacted {
  text: string;
  redactions: Redaction[];
}

export interface RedactOptions {
  /** Decides which @handles are organisations (kept). Default: defaultIsOrgHandle plus `orgHandles`. */
  isOrgHandle?: (handle: string) => boolean;
  /** Extra organisation handles to keep, with or without '@', any case. */
  orgHandles?: Iterable<string>;
}

const PLACEHOLDER: Record<RedactionKind, string> = {
  'nhs-number': '[NHS number]',
  phone: '[phone]',
  email: '[email]',
  postcode: '[postcode]',
  handle: '@[user]',
};

// Public bodies and unions are named in posts on purpose; individuals are not ours to show.
const ORG_WORDS = ['nhs', 'trust', 'icb', 'cqc', 'nmc', 'gmc', 'rcn', 'bma', 'unison', 'hospital'];

/** True for handles (without '@') that name an organisation by the default keywords. */
export function defaultIsOrgHandle(handle: string): boolean {
  const lower = handle.toLowerCase();
  return ORG_WORDS.some((w) => lower.includes(w));
}

/** Builds a redactor once (the allow list is normalised once), for use on every post. */
export function createRedactor(opts: RedactOptions = {}): (text: string) => Redacted {
  const allow = new Set([...(opts.orgHandles ?? [])].map((h) => h.replace(/^@/, '').toLowerCase()));
  const base = opts.isOrgHandle ?? defaultIsOrgHandle;
  const isOrg = (handle: string) => allow.has(handle.toLowerCase()) || base(handle);
  return (text) => redactWith(text, isOrg);
}

/** Replaces NHS numbers, UK phone numbers, emails, postcodes and personal @handles with placeholders. */
export function redact(text: string, opts?: RedactOptions): Redacted {
  return createRedactor(opts)(text);
}

interface Candidate {
  kind: RedactionKind;
  start: number;
  end: number;
}

// Every pattern needs an '@' (handles, emails) or an ASCII digit (NHS numbers, phones, postcodes),
// and most posts have neither: one cheap scan skips the five regexes.
const MAY_HAVE_PII = /[@0-9]/;

function redactWith(text: string, isOrg: (handle: string) => boolean): Redacted {
  if (!MAY_HAVE_PII.test(text)) return { text, redactions: [] };
  const found: Candidate[] = [];
  for (const { kind, re, valid } of PII_PATTERNS) {
    for (const m of text.matchAll(re)) {
      if (valid && !valid(m[0])) continue;
      if (kind === 'handle' && isOrg(m[0].slice(1))) continue;
      found.push({ kind, start: m.index, end: m.index + m[0].length });
    }
  }
  if (found.length === 0) return { text, redactions: [] };
  // Overlaps (a phone that also looks like an NHS number): earliest wins, then longest, then
  // the order of PII_PATTERNS (sort is stable).
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let pos = 0;
  const redactions: Redaction[] = [];
  for (const c of found) {
    if (c.start < pos) continue;
    out += text.slice(pos, c.start);
    const start = out.length;
    out += PLACEHOLDER[c.kind];
    redactions.push({ kind: c.kind, start, end: out.length });
    pos = c.end;
  }
  return { text: out + text.slice(pos), redactions };
}
