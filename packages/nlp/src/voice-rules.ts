/**
 * The profile hints behind an author's voice (see voice.ts and VOICE.md). Each rule is one regex
 * over one or more profile fields. Regexes rather than natural's tokenizer and stemmer: the hints
 * are multi-word phrases ("operating department practitioner"), some must match case-sensitively
 * (RN, GP, OT are everyday lower-case words as "rn", "gp", "ot"), singular and plural must stay
 * apart (a "nurse" is one, "supporting nurses" is not), and the negation check needs the match's
 * offset in the field. A stemmer would fold "nurses" into "nurse" and lose exactly that.
 */
export type ProfileField = 'bio' | 'name' | 'handle' | 'website' | 'flair';

export interface VoiceRule {
  voice: 'staff' | 'org';
  /** Global, so every match in a field is seen; group 1, when present, is the evidence term. */
  re: RegExp;
  fields: readonly ProfileField[];
  /** A lower-case term for case-insensitive rules; acronyms keep their case. */
  fold: boolean;
  /** A bio matching this switches the rule off (an acronym with a second, everyday meaning). */
  unless?: RegExp;
}

// Unicode-aware word edges. The end edge also refuses a hyphenated continuation, so "nurse-led
// clinics" (an organisation's bio) is not a nurse, while "ex-nurse" still reaches the negation check.
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}]|-\\p{L})';

const TEXT: readonly ProfileField[] = ['bio', 'name', 'flair'];
const BIO: readonly ProfileField[] = ['bio', 'flair'];
const NAME: readonly ProfileField[] = ['name'];

const ci = (body: string) => new RegExp(`${B}(${body})${E}`, 'giu');
const cs = (body: string) => new RegExp(`${B}(${body})${E}`, 'gu');

const staff = (re: RegExp, fields: readonly ProfileField[] = TEXT, unless?: RegExp): VoiceRule => ({
  voice: 'staff',
  re,
  fields,
  fold: re.flags.includes('i'),
  unless,
});
const org = (re: RegExp, fields: readonly ProfileField[] = TEXT): VoiceRule => ({
  voice: 'org',
  re,
  fields,
  fold: re.flags.includes('i'),
});

const NURSE_KIND =
  'staff|charge|district|community|practice|theatre|scrub|mental health|paediatric|neonatal|student|research|school|bank|agency|NHS|ward|ICU|ITU|A&E|ED|dental|cancer|registered';
const SPECIALTY =
  'medicine|surgery|anaesthesia|anaesthetics|psychiatry|paediatrics|radiology|obstetrics|gynaecology|oncology|cardiology|geriatrics|haematology|dermatology|neurology|rheumatology|urology|histopathology|pathology|microbiology';
const REGISTRAR_KIND =
  'medical|surgical|anaesthetic|anaesthetics|paediatric|psychiatry|psychiatric|specialty|specialist|cardiology|respiratory|orthopaedic|ortho|radiology|oncology|O&G|ED|A&E|emergency medicine|GP';

/** "SLT" is also a school's senior leadership team. */
export const SCHOOL_BIO = /(?<![\p{L}])(?:school|teacher|headteacher|head teacher|academy|pupils)\b/iu;

/** The words that make an author NHS staff, in bio, display name or flair. */
export const STAFF_RULES: readonly VoiceRule[] = [
  staff(ci(`(?:(?:${NURSE_KIND}) )?nurse(?: practitioner| specialist| associate)?`)),
  staff(ci('nursing associate|nursing student|student midwife|midwifery student|midwife|health visitor')),
  staff(ci('ward sister|ward manager|ward clerk|matron|medical secretary|hospital porter')),
  // "Porter" is a surname in display names: only a lower-case porter in a bio counts.
  staff(cs('porter'), BIO),
  staff(cs('RN|RGN|RMN|RNLD|RSCN|RNMH|ANP|ACP|HCA|HCSW|GP|GPST|ODP|AHP|OT|SpR|StR')),
  staff(cs('F[Yy][12]|[SC]T[1-8]')),
  // "Doctor Who", "spin doctor", "tree surgeon" are not clinicians.
  staff(
    new RegExp(
      `${B}(?<!(?:spin|script|plant|tree|house|witch|computer|rugby|film) )((?:junior |resident |hospital |foundation |NHS |A&E |ED )?doctor(?! who)|general practitioner|physician|surgeon|anaesthetist|anesthetist|psychiatrist|paediatrician|pediatrician|obstetrician|radiologist|oncologist|cardiologist|dermatologist|neurologist|haematologist|histopathologist|microbiologist)${E}`,
      'giu',
    ),
  ),
  staff(
    ci(`consultant (?:[\\p{L}]+(?:ist|ian)|surgeon|physician|nurse|midwife|in (?:[\\p{L}]+ ){0,2}(?:${SPECIALTY}))`),
  ),
  staff(ci(`(?:${REGISTRAR_KIND}) registrar|registrar in (?:[\\p{L}]+ ){0,2}(?:${SPECIALTY})`)),
  staff(
    ci('paramedic|emergency medical technician|healthcare assistant|health care assistant|healthcare support worker'),
  ),
  staff(
    ci(
      'physiotherapist|physio|occupational therapist|radiographer|sonographer|dietitian|dietician|speech (?:and|&) language therapist|operating department practitioner|pharmacist|pharmacy technician|podiatrist|orthoptist|prosthetist|orthotist|psychologist|clinical scientist|biomedical scientist|audiologist|phlebotomist',
    ),
  ),
  staff(cs('SLT'), TEXT, SCHOOL_BIO),
  staff(ci('NHS (?:worker|employee|manager|admin|administrator|clinician|staff member|comms|communications officer)')),
  staff(ci('work(?:s|ing)? (?:for|in|at) (?:the )?NHS')),
  staff(ci('(?:AfC )?band [2-9]|(?:AfC )?band 8[a-d]')),
  // An nhs.net address in a bio: the domain is kept as the term, never the address.
  staff(/(?<=[\p{L}\p{N}._%+-]@)((?:[a-z0-9-]+\.)*nhs\.net)(?![a-z0-9.-])/giu, BIO),
];

/** Dr as a title in the display name ("Dr Amy Shah"), not "Dr Pepper" or "Dr Who". */
export const DR_TITLE = /(?<![\p{L}\p{N}])(Dr)\.?\s+(?!Pepper|Who\b|Martens)\p{Lu}/gu;

/** Academics carry the title too: a bio saying so keeps "Dr" from meaning clinician. */
export const ACADEMIC_BIO =
  /(?<![\p{L}])(?:PhD|lecturer|professor of|historian|economist|physicist|chemist|academic)\b/iu;

const SCOTTISH_BOARDS =
  'Ayrshire (?:and|&) Arran|Borders|Dumfries (?:and|&) Galloway|Fife|Forth Valley|Grampian|Greater Glasgow (?:and|&) Clyde|GGC|Highland|Lanarkshire|Lothian|Orkney|Shetland|Tayside|Western Isles';

/** Names of NHS bodies, in display names and bios. */
export const ORG_NAME_RULES: readonly VoiceRule[] = [
  org(ci('NHS Foundation Trust|NHS Trust|NHS FT|Health (?:and|&) Social Care Trust')),
  org(
    ci(
      'Integrated Care Board|Integrated Care System|Clinical Commissioning Group|University Health Board|Health Board',
    ),
  ),
  org(cs('ICB|CCG')),
  org(ci('Ambulance Service')),
  org(
    ci(
      `NHS England|NHS Improvement|NHS Digital|NHS Scotland|NHS Wales|NHS Blood (?:and|&) Transplant|NHS 111|NHS Employers|NHS Providers|NHS Confederation|NHS Resolution|NHS Business Services Authority|NHS Inform|NHS (?:${SCOTTISH_BOARDS})`,
    ),
  ),
  // A GP practice's own account; in a bio these are where someone is a patient, so names only.
  org(ci('Medical Practice|Medical Centre|Health Centre'), NAME),
];

/**
 * An NHS body named in a bio right after "at", "@", "for" or "with" is where the author works:
 * staff, not the body itself ("Comms officer @ Anytown NHS FT"). The term keeps only the generic
 * words, never the trust's name, which together with a job title could narrow down a person.
 */
export const EMPLOYER_IN_BIO =
  /(?<![\p{L}\p{N}])(?:at|@|for|with|work(?:s|ing)? (?:at|for|in))\s+(?:the\s+)?(?:[\p{L}'’&.-]+\s+){0,6}?(NHS Foundation Trust|NHS Trust|NHS FT|Health Board|Integrated Care Board|ICB|Ambulance Service)(?![\p{L}\p{N}])/giu;

/** Where "at <trust>" means a patient, a governor or a volunteer rather than an employee. */
export const NOT_EMPLOYEE = /(?<![\p{L}])(?:patient|governor|volunteer|member|supporter|fundraiser|campaigner)s?\s*$/iu;

/** An organisation's bio says so: such a bio is the body's own even when it mentions nurses. */
export const OFFICIAL_BIO =
  /(?<![\p{L}])(?:official (?:account|page|feed|twitter|profile)|(?:news|updates) from)(?![\p{L}])/iu;

/**
 * Staff words negated by what comes before them: former, retired or would-be staff and staff's
 * relatives speak as members of the public (VOICE.md says why). Up to two words may sit between
 * ("retired NHS nurse", "ex A&E nurse").
 */
export const NEGATED_BEFORE =
  /(?:(?<![\p{L}])ex[-\s]?|(?<![\p{L}])(?:former(?:ly)?|retired|aspiring|wannabe|future|trainee-to-be|used to be|was|married to|(?:wife|husband|partner|daughter|son|mum|mom|mother|dad|father|sister|brother|friend|child|parent) of)\s+(?:an?\s+)?)(?:[\p{L}&-]+\s+){0,2}$/iu;

/** "nurse's daughter", "nurse (retired)", "nurse, now retired". */
export const NEGATED_AFTER =
  /^(?:['’]s\s+(?:daughter|son|wife|husband|partner|mum|mom|dad|kid|kids|child|children)|\s*[,(]?\s*(?:now\s+)?retired|\s*\(ret(?:ired|'d|\.)?\))(?![\p{L}])/iu;

/** NHS domain suffixes, longest first so scot.nhs.uk wins over nhs.uk. */
export const NHS_SUFFIXES = ['scot.nhs.uk', 'nhs.uk', 'nhs.net', 'nhs.wales', 'nhs.scot', 'hscni.net'] as const;
