import { describe, expect, it, vi } from 'vitest';
import { loadTagger } from './default-tagger';
import { loadLanguageDetector } from './lang-detect';
import { createTagger } from './tagger';

const WELSH = 'Mae’r nyrsys yn yr ysbyty wedi gweithio’n galed iawn drwy’r nos, diolch yn fawr iddyn nhw';
const ENGLISH = 'Another night shift on the ward and we were short again';

describe('language detection (fastText lid.176)', () => {
  it('detects Welsh without a platform language and leaves it unscored', async () => {
    const detect = await loadLanguageDetector();
    expect(detect(WELSH)).toBe('cy');
    expect(detect('Merci beaucoup à toute l’équipe de l’hôpital pour les soins')).toBe('fr');
    // URLs, handles and placeholders carry no language
    expect(detect('https://nhs.uk @[user] [NHS number]')).toBeNull();

    const tagger = await loadTagger();
    const [welsh] = tagger.tagBatch([{ id: 1, text: WELSH }]);
    expect(welsh?.lang).toBe('cy');
    expect(welsh?.sentiment).toBeNull();
  });

  it('answers null when the model is not confident, so the post stays unscored', async () => {
    const detect = await loadLanguageDetector({ minConfidence: 0.99 });
    expect(detect('Bore da')).toBeNull();
  });

  it('settles plain English with the cheap check, without asking the model', () => {
    const detectLanguage = vi.fn(() => 'cy');
    const [en] = createTagger({ detectLanguage }).tagBatch([{ id: 1, text: ENGLISH }]);
    expect(en?.lang).toBe('en');
    expect(detectLanguage).not.toHaveBeenCalled();
  });

  it('lets the platform language win over the text', () => {
    const detectLanguage = vi.fn(() => 'en');
    const [post] = createTagger({ detectLanguage }).tagBatch([{ id: 1, text: ENGLISH, lang: 'cym' }]);
    expect(post?.lang).toBe('cy');
    expect(post?.sentiment).toBeNull();
    expect(detectLanguage).not.toHaveBeenCalled();
  });

  it('asks the model for every post when the English check is turned off', () => {
    const detectLanguage = vi.fn(() => 'en');
    createTagger({ detectLanguage, englishCheckFirst: false }).tagBatch([{ id: 1, text: ENGLISH }]);
    expect(detectLanguage).toHaveBeenCalledOnce();
  });

  it('keeps createTagger synchronous and detector-free: non-English stays unknown', () => {
    const [post] = createTagger().tagBatch([{ id: 1, text: WELSH }]);
    expect(post?.lang).toBeNull();
    expect(post?.sentiment).toBeNull();
  });
});
