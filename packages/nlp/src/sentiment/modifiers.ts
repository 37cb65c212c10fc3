// Words that change the valence of their neighbours rather than carrying one.

/** Negators flip (and damp) the valence of the next few words in the same clause. */
export const NEGATORS = new Set(
  (
    'not no never without nobody nothing none neither nor cannot hardly barely dont cant didnt doesnt isnt ' +
    'wasnt werent arent couldnt wouldnt shouldnt havent hasnt aint wont'
  ).split(' '),
);

export function isNegator(lower: string): boolean {
  return NEGATORS.has(lower) || lower.endsWith("n't");
}

/** Multipliers for the word they precede: boosters > 1, dampeners < 1. */
export const INTENSIFIERS = new Map<string, number>(
  Object.entries({
    very: 1.3,
    really: 1.3,
    so: 1.3,
    extremely: 1.5,
    incredibly: 1.5,
    absolutely: 1.4,
    utterly: 1.4,
    totally: 1.3,
    completely: 1.3,
    truly: 1.3,
    super: 1.3,
    highly: 1.3,
    massively: 1.4,
    hugely: 1.4,
    // British understatement: "quite good" is faint praise.
    quite: 0.8,
    fairly: 0.8,
    somewhat: 0.7,
    slightly: 0.6,
    kinda: 0.7,
  }),
);

/** Contrast words: the clause after them carries the writer's point ("kind staff but 9 hour wait"). */
export const CONTRAST = new Set(['but', 'however', 'yet']);

/** How far back (in words) a negator or intensifier reaches. */
export const NEGATION_SCOPE = 3;
export const INTENSIFIER_SCOPE = 2;
/** Negated valence is flipped and damped: "not good" is milder than "bad". */
export const NEGATION_FACTOR = -0.75;
export const BEFORE_CONTRAST = 0.5;
export const AFTER_CONTRAST = 1.5;
/** Shouting a word (ALL CAPS in a mixed-case post) strengthens it. */
export const CAPS_FACTOR = 1.3;

// "like" is an opinion only as a verb ("I like", "really like"); as a preposition or filler
// ("feels like", "like 3 hours") it is the largest single source of false positives in tweets.
export const LIKE_AS_VERB_AFTER = new Set(
  "i we you they really do does did would i'd don't didn't dont didnt also just totally actually genuinely to".split(
    ' ',
  ),
);
