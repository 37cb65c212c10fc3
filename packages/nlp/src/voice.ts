import {
  ACADEMIC_BIO,
  DR_TITLE,
  EMPLOYER_IN_BIO,
  NEGATED_AFTER,
  NEGATED_BEFORE,
  NHS_SUFFIXES,
  NOT_EMPLOYEE,
  OFFICIAL_BIO,
  ORG_NAME_RULES,
  STAFF_RULES,
  type ProfileField,
  type VoiceRule,
} from './voice-rules';

/*
 * Who is speaking: NHS staff, an NHS organisation's account, or the public, judged from the
 * profile a platform sends with a post. The shapes mirror zAuthorVoice in @lp/contracts/post
 * (this package does not depend on contracts; connectors validate drafts against it).
 *
 * Decisions (VOICE.md has the full list and the known misses):
 * - An NHS body in the display name, handle or website, or in a bio that calls itself an official
 *   account, makes the account the organisation's even when the bio mentions nurses.
 * - Otherwise any staff hint makes it staff; otherwise an NHS body named in the bio makes it the
 *   organisation's; otherwise public.
 * - Former, retired and would-be staff ("ex-nurse", "retired GP", "aspiring midwife") and staff's
 *   relatives ("married to a nurse") are public: they speak from experience, not for the service,
 *   and comms teams read staff voice as "people working here now".
 * - Only the matched words leave this function as evidence, never the bio, the full handle or a
 *   trust's name next to a job title.
 *
 * Precedence, stated once (authorVoice below): a voice an admin declared for a whole import
 * ("these are all staff") wins over anything read from a profile; then the profile's own fields as
 * above; with no profile at all the author is the public. Connectors and imports pass profile
 * fields (and a declared voice, where an admin gave one) and never decide a voice themselves.
 */

export type Voice = 'staff' | 'org' | 'public';
export interface VoiceEvidence {
  field: ProfileField;
  term: string;
}
export interface AuthorVoice {
  voice: Voice;
  evidence: VoiceEvidence[];
  /** A bio or flair was given: a voice judged without one never overrides one judged with one. */
  profileSeen: boolean;
}

/** Plain text only: callers turn HTML (Mastodon notes and fields) into text first. */
export interface VoiceProfile {
  displayName?: string | null;
  bio?: string | null;
  /** The platform handle: a Bluesky domain handle, a fediverse user@host, an X username. */
  handle?: string | null;
  /** Links the author lists (a profile URL field, Mastodon profile fields). */
  website?: string | readonly string[] | null;
  /** A forum's flair (Reddit's author_flair_text). */
  flair?: string | null;
}

const MAX_EVIDENCE = 10;
const MAX_TERM = 100;
// How far around a staff word the negation checks look: enough for "retired NHS staff nurse".
const LOOK_BEHIND = 40;
const LOOK_AHEAD = 30;

const clean = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

function negated(text: string, start: number, end: number): boolean {
  return (
    NEGATED_BEFORE.test(text.slice(Math.max(0, start - LOOK_BEHIND), start)) ||
    NEGATED_AFTER.test(text.slice(end, end + LOOK_AHEAD))
  );
}

function termOf(rule: Pick<VoiceRule, 'fold'>, raw: string): string {
  const t = raw.replace(/\s+/g, ' ').trim();
  return (rule.fold ? t.toLowerCase() : t).slice(0, MAX_TERM);
}

interface Hit extends VoiceEvidence {
  start: number;
  end: number;
}

function matches(rule: VoiceRule, field: ProfileField, text: string): Hit[] {
  const hits: Hit[] = [];
  for (const m of text.matchAll(rule.re)) {
    const raw = m[1] ?? m[0];
    const start = m.index + m[0].indexOf(raw);
    hits.push({ field, term: termOf(rule, raw), start, end: start + raw.length });
  }
  return hits;
}

/** The NHS part of a host: its suffix plus one label ("leedsth.nhs.uk"), and how many labels sit above that. */
function nhsDomain(host: string): { term: string; extra: number } | null {
  const h = host.toLowerCase().replace(/\.$/, '');
  for (const suffix of NHS_SUFFIXES) {
    if (h === suffix) return { term: suffix, extra: 0 };
    if (h.endsWith(`.${suffix}`)) {
      const labels = h.slice(0, -suffix.length - 1).split('.');
      return { term: `${labels[labels.length - 1]}.${suffix}`, extra: labels.length - 1 };
    }
  }
  return null;
}

// Bare hosts and URLs alike ("leedsth.nhs.uk", "https://www.leedsth.nhs.uk/about"); not the
// part after an '@', which is an e-mail address or a fediverse handle and handled apart.
const HOST =
  /(?<![\p{L}\p{N}@.-])(?:https?:\/\/)?((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})(?![\p{L}\p{N}-])/giu;

function hostsIn(text: string): string[] {
  return [...text.matchAll(HOST)].map((m) => m[1]!);
}

interface Found {
  staff: VoiceEvidence[];
  /** Organisation evidence that outranks staff hints: name, handle, website, an official bio. */
  orgStrong: VoiceEvidence[];
  /** An NHS body named in a bio or flair: the organisation's voice only when nothing says staff. */
  orgWeak: VoiceEvidence[];
}

function handleHints(handle: string, found: Found): void {
  const h = handle.replace(/^@/, '');
  const at = h.lastIndexOf('@');
  const domain = nhsDomain(at >= 0 ? h.slice(at + 1) : h);
  if (!domain) return;
  // A domain handle that is the body's own domain is the body; a person's account under it
  // (jane.leedsth.nhs.uk, or user@ an NHS-run instance) is someone the body vouches for: staff.
  if (at < 0 && domain.extra === 0) found.orgStrong.push({ field: 'handle', term: domain.term });
  else found.staff.push({ field: 'handle', term: domain.term });
}

function bioHints(bio: string, found: Found): void {
  // Bodies named as an employer ("Nurse @ Anytown NHS FT") are staff evidence, not the body's
  // own voice; as a patient's or governor's ("Patient governor at …") they are nothing.
  const employerSpans: Array<[number, number]> = [];
  for (const m of bio.matchAll(EMPLOYER_IN_BIO)) {
    employerSpans.push([m.index, m.index + m[0].length]);
    if (!NOT_EMPLOYEE.test(bio.slice(0, m.index)))
      found.staff.push({ field: 'bio', term: `at ${termOf({ fold: false }, m[1]!)}` });
  }
  const official = OFFICIAL_BIO.test(bio);
  for (const rule of ORG_NAME_RULES) {
    if (!rule.fields.includes('bio')) continue;
    for (const hit of matches(rule, 'bio', bio)) {
      if (employerSpans.some(([s, e]) => hit.start >= s && hit.end <= e)) continue;
      (official ? found.orgStrong : found.orgWeak).push({ field: 'bio', term: hit.term });
    }
  }
  for (const host of hostsIn(bio)) {
    const d = nhsDomain(host);
    if (d) (official ? found.orgStrong : found.orgWeak).push({ field: 'bio', term: d.term });
  }
}

function dedupe(evidence: VoiceEvidence[]): VoiceEvidence[] {
  const seen = new Set<string>();
  const out: VoiceEvidence[] = [];
  for (const e of evidence) {
    const key = `${e.field}\u0000${e.term.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field: e.field, term: e.term });
    if (out.length === MAX_EVIDENCE) break;
  }
  return out;
}

/** Judges an author's voice from the profile fields a platform sent; pure and synchronous. */
export function classifyVoice(profile: VoiceProfile): AuthorVoice {
  const name = clean(profile.displayName);
  const bio = clean(profile.bio);
  const flair = clean(profile.flair);
  const handle = clean(profile.handle);
  const websites = (typeof profile.website === 'string' ? [profile.website] : (profile.website ?? [])).map(clean);
  const texts: Array<[ProfileField, string]> = [
    ['name', name],
    ['bio', bio],
    ['flair', flair],
  ];
  const found: Found = { staff: [], orgStrong: [], orgWeak: [] };

  for (const rule of STAFF_RULES) {
    for (const [field, text] of texts) {
      if (!text || !rule.fields.includes(field) || rule.unless?.test(bio)) continue;
      for (const hit of matches(rule, field, text)) {
        if (!negated(text, hit.start, hit.end)) found.staff.push(hit);
      }
    }
  }
  if (name && !ACADEMIC_BIO.test(bio)) {
    for (const m of name.matchAll(DR_TITLE)) {
      if (!negated(name, m.index, m.index + 2)) found.staff.push({ field: 'name', term: 'Dr' });
    }
  }

  for (const rule of ORG_NAME_RULES) {
    for (const [field, text] of texts) {
      if (!text || field === 'bio' || !rule.fields.includes(field)) continue;
      const hits = matches(rule, field, text);
      (field === 'name' ? found.orgStrong : found.orgWeak).push(...hits);
    }
  }
  if (bio) bioHints(bio, found);
  if (handle) handleHints(handle, found);
  for (const site of websites) {
    for (const host of hostsIn(site)) {
      const d = nhsDomain(host);
      if (d) found.orgStrong.push({ field: 'website', term: d.term });
    }
  }

  const profileSeen = bio !== '' || flair !== '';
  if (found.orgStrong.length > 0)
    return { voice: 'org', evidence: dedupe([...found.orgStrong, ...found.orgWeak]), profileSeen };
  if (found.staff.length > 0) return { voice: 'staff', evidence: dedupe(found.staff), profileSeen };
  if (found.orgWeak.length > 0) return { voice: 'org', evidence: dedupe(found.orgWeak), profileSeen };
  return { voice: 'public', evidence: [], profileSeen };
}

/**
 * The voice of one author: a declared voice (an admin's choice for a whole import) wins; otherwise
 * the profile decides (classifyVoice). The one entry point for imports; connectors without a
 * declared voice may call classifyVoice directly, which is the same rule.
 */
export function authorVoice(profile: VoiceProfile, declared?: Voice | null): AuthorVoice {
  if (declared) return { voice: declared, evidence: [], profileSeen: true };
  return classifyVoice(profile);
}
