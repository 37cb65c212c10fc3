import { describe, expect, it } from 'vitest';
import { createTagger, type TagResult } from './tagger';

const tagger = createTagger();
const [staffing, praise, pay, pii, welsh] = tagger.tagBatch([
  { id: 1, text: 'Another night shift short-staffed on the ward, 3 nurses for 30 patients. Exhausted. #SafeStaffing' },
  { id: 'b', text: 'Huge thanks to the midwives at our trust, so kind and caring :) #hellomynameis', lang: 'en-GB' },
  { id: 3, text: 'RCN members vote to strike over the pay offer. Not happy. Picket lines from Monday.', lang: 'en' },
  { id: 4, text: 'Waited 14 hours in A&E, @jo_bloggs saw it too. NHS no 943 476 5919, CQC please look', lang: 'en' },
  { id: 5, text: 'Diolch i staff yr ysbyty am y gofal', lang: 'cy' },
]) as [TagResult, TagResult, TagResult, TagResult, TagResult];

const topicIds = (r: TagResult) => r.topics.map((t) => t.id).sort();

describe('createTagger / tagBatch', () => {
  it('names the model version after the trained model and the taxonomy file', () => {
    expect(tagger.modelVersion).toMatch(/^logreg-ngram-v2-[^+]+\+rules-[0-9a-f]{8}$/);
    expect(tagger.modelVersion.endsWith(tagger.taxonomy.hash)).toBe(true);
  });

  it('tags a short-staffed night shift as staffing and wellbeing, negative', () => {
    expect(staffing.id).toBe(1);
    expect(topicIds(staffing)).toEqual(['staffing', 'wellbeing']);
    expect(staffing.sentiment?.label).toBe('negative');
    expect(staffing.lang).toBe('en');
  });

  it('tags praise for midwives as compassion, positive', () => {
    expect(topicIds(praise)).toEqual(['compassion']);
    expect(praise.sentiment?.label).toBe('positive');
  });

  it('tags a strike vote as pay, negative', () => {
    expect(topicIds(pay)).toEqual(['pay']);
    expect(pay.sentiment?.label).toBe('negative');
    expect(pay.topics[0]?.score).toBeGreaterThan(0.9);
  });

  it('redacts before tagging, and every evidence offset indexes the redacted text', () => {
    expect(pii.text).toBe('Waited 14 hours in A&E, @[user] saw it too. NHS no [NHS number], CQC please look');
    expect(topicIds(pii)).toEqual(['regulation', 'waiting-times']);
    for (const result of [staffing, praise, pay, pii]) {
      const evidence = [...result.topics.flatMap((t) => t.evidence), ...(result.sentiment?.evidence ?? [])];
      expect(evidence.length).toBeGreaterThan(0);
      for (const e of evidence) expect(result.text.slice(e.start, e.end)).toBe(e.term);
    }
  });

  it('keeps topic scores in (0, 1]', () => {
    for (const t of [staffing, praise, pay, pii].flatMap((r) => r.topics)) {
      expect(t.score).toBeGreaterThan(0);
      expect(t.score).toBeLessThanOrEqual(1);
    }
  });

  it('leaves sentiment unscored for languages the model does not score', () => {
    expect(welsh.lang).toBe('cy');
    expect(welsh.sentiment).toBeNull();
  });
});
