import { describe, expect, it } from 'vitest';
import { loadTagger } from './default-tagger';
import { createTagger } from './tagger';

describe('survey answers', () => {
  const tagger = createTagger();
  it('scores a short answer to an English survey question even when its language cannot be told', () => {
    const [improve, good] = tagger.tagBatch([
      { id: 1, text: 'Nothing.', question: 'What could we do better?' },
      { id: 2, text: 'Nothing.', question: 'What was good?' },
    ]);
    expect(improve!.lang).toBe('en');
    expect(improve!.sentiment?.label).toBe('positive');
    // The same words answering the other question are not praise.
    expect(good!.sentiment?.label).not.toBe('positive');
  });

  it('with language detection, Welsh answers stay unscored even with a question', async () => {
    const withDetection = await loadTagger();
    const [r] = withDetection.tagBatch([
      { id: 1, text: 'Diolch yn fawr i’r nyrsys ar y ward heno, gofal arbennig.', question: 'Why?' },
    ]);
    expect(r!.lang).toBe('cy');
    expect(r!.sentiment).toBeNull();
  });
});
