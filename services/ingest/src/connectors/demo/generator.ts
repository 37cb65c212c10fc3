import { BIOS, SLOTS, TEMPLATES, WELSH, type Mood, type Voice } from './corpus';

/** mulberry32: a tiny seeded PRNG, so a given sequence number always yields the same post. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Day-to-day mood swings (a strike week, a good inspection): negative share varies by day. */
function negativeBias(dayIndex: number): number {
  const r = rng(dayIndex * 7919 + 17);
  return 0.15 * Math.sin(dayIndex / 3) + (r() - 0.5) * 0.3;
}

export interface DemoPost {
  seq: number;
  text: string;
  lang: string;
  author: string;
  /** The author's profile bio, for the voice: the same author always has the same one. */
  bio: string;
  reposts: number;
  likes: number;
  replies: number;
}

// 400 authors, a quarter of them staff: each posts a few times a day in the default timeline.
const STAFF_AUTHORS = 100;
const PUBLIC_AUTHORS = 300;

/** An author of the template's voice, from the draw `u` in [0, 1), so one author never speaks in two. */
function authorOf(voice: Voice, u: number): { author: string; bio: string } {
  const n = Math.floor(u * (voice === 'staff' ? STAFF_AUTHORS : PUBLIC_AUTHORS));
  const bios = BIOS[voice];
  return { author: `demo-${voice}-${n}`, bio: bios[n % bios.length]! };
}

export function generatePost(seq: number, at: Date, seed: number): DemoPost {
  const r = rng(seq * 2654435761 + seed);
  // The author is drawn first, so a seed's texts and metrics do not depend on the author pools.
  const authorDraw = r();
  const base = {
    seq,
    reposts: Math.floor(r() ** 3 * 120),
    likes: Math.floor(r() ** 2 * 400),
    replies: Math.floor(r() ** 3 * 40),
  };
  if (r() < 0.03) return { ...base, ...authorOf('public', authorDraw), text: pick(r, WELSH), lang: 'cy' };
  const bias = negativeBias(Math.floor(at.getTime() / 86_400_000));
  const roll = r();
  const mood: Mood = roll < 0.38 + bias ? 'negative' : roll < 0.7 + bias / 2 ? 'neutral' : 'positive';
  const candidates = TEMPLATES.filter((t) => t.mood === mood);
  const template = pick(r, candidates.length ? candidates : TEMPLATES);
  const text = template.text.replace(/\{(\w+)\}/g, (_, slot: string) => pick(r, SLOTS[slot] ?? [slot]));
  return { ...base, ...authorOf(template.voice, authorDraw), text, lang: 'en' };
}
