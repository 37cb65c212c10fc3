import { loadLanguageDetector, type LanguageDetectorOptions } from './lang-detect';
import { createTagger, type Tagger, type TaggerOptions } from './tagger';

export interface LoadTaggerOptions extends TaggerOptions {
  /** Options for the fastText detector loaded when `detectLanguage` is not given. */
  detector?: LanguageDetectorOptions;
}

/**
 * The tagger the worker and the CLI use: createTagger plus fastText language detection.
 * Async only because the wasm detector loads asynchronously; tagging itself stays synchronous.
 */
export async function loadTagger(opts: LoadTaggerOptions = {}): Promise<Tagger> {
  const { detector, ...taggerOpts } = opts;
  const detectLanguage = taggerOpts.detectLanguage ?? (await loadLanguageDetector(detector));
  return createTagger({ ...taggerOpts, detectLanguage });
}
