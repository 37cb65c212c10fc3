// Words that never count as evidence for a tag and never feed a topic head: natural's English
// stop-word list (function words, pronouns, single letters) plus what tweets add to it
// (contractions, "rt", "lol", fillers). A topic must fire on words that belong to it, and a
// highlighted span must be a reason a person would accept, not "the" or "and".
import { createRequire } from 'node:module';

// The stop-word module itself (untyped CommonJS) rather than natural's util index, which loads more.
const { words: naturalStopwords } = createRequire(import.meta.url)('natural/lib/natural/util/stopwords.js') as {
  words: string[];
};

const EXTRA = (
  'no not nor none ' +
  "i'm im i've ive i'd i'll it's its that's thats there's what's let's don't dont doesn't didn't " +
  "can't cant won't wont isn't wasn't aren't weren't haven't hasn't hadn't couldn't wouldn't shouldn't " +
  "you're youre you've you'll we're we've we'll they're they've he's she's " +
  'just really also even ever yet got gets getting go goes going gone went get know think thing things ' +
  'u ur ya yeah yes yep ok okay oh ah wow lol omg lmao haha rt amp via gonna wanna gotta ' +
  'one two three today tomorrow tonight yesterday day days week time times people everyone everybody someone ' +
  'something anything nothing thing lot lots bit'
).split(' ');

const CURLY = /’/g;

export const STOP_WORDS: ReadonlySet<string> = new Set([...naturalStopwords, ...EXTRA]);

/** True for a lower-cased word that is never evidence ("the", "and", "are", "it’s"). */
export function isStopWord(lower: string): boolean {
  return STOP_WORDS.has(lower) || (lower.includes('’') && STOP_WORDS.has(lower.replace(CURLY, "'")));
}
