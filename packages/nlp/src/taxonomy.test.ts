import { describe, expect, it } from 'vitest';
import { loadTaxonomy, parseTaxonomy, TaxonomyError } from './taxonomy';

const REQUIRED = [
  'compassion',
  'patient-safety',
  'regulation',
  'staffing',
  'pay',
  'wellbeing',
  'culture',
  'leadership',
  'waiting-times',
  'digital',
];

const yaml = (topics: string) => `version: 1\ntopics:\n${topics}`;
const topic = (id: string, rules: string) => `  - id: ${id}\n    name: N\n    description: D\n    rules:\n${rules}`;

function errorOf(text: string): string {
  try {
    parseTaxonomy(text, 'test.yaml');
  } catch (err) {
    if (err instanceof TaxonomyError) return err.message;
    throw err;
  }
  throw new Error('expected a TaxonomyError');
}

describe('taxonomy', () => {
  it('loads and compiles the shipped taxonomy with every required topic', () => {
    const taxonomy = loadTaxonomy();
    expect(taxonomy.topics.map((t) => t.id)).toEqual(expect.arrayContaining(REQUIRED));
    for (const t of taxonomy.topics) {
      expect(t.name).not.toBe('');
      expect(t.description).not.toBe('');
      expect(t.compiled).toHaveLength(t.rules.length);
    }
    expect(taxonomy.hash).toMatch(/^[0-9a-f]{8}$/);
  });

  it('hashes the file text, so any edit changes the hash', () => {
    const a = parseTaxonomy(yaml(topic('pay', "      - 'strike'")));
    const b = parseTaxonomy(yaml(topic('pay', "      - 'strike OR ballot'")));
    expect(a.hash).not.toBe(b.hash);
  });

  it('rejects duplicate ids, naming the topic', () => {
    const text = yaml(`${topic('pay', "      - 'strike'")}\n${topic('pay', "      - 'ballot'")}`);
    expect(errorOf(text)).toMatch(/topic "pay" \(#2\): duplicate id/);
  });

  it('rejects a topic without rules, or with an empty or missing rule', () => {
    expect(errorOf(yaml(topic('pay', '      []').replace('rules:\n', 'rules:')))).toMatch(
      /topic "pay" rules: needs at least one rule/,
    );
    expect(errorOf(yaml(topic('pay', "      - ''")))).toMatch(/topic "pay" rules\[0\]: rule is empty/);
    // An unquoted hashtag is a YAML comment: the list entry comes out null.
    expect(errorOf(yaml(topic('pay', '      - #FairPay')))).toMatch(/topic "pay" rules\[0\]/);
  });

  it('rejects bad grammar, naming the topic, the rule and the column', () => {
    expect(errorOf(yaml(topic('staffing', "      - 'nurse'\n      - 'agency NEAR shift'")))).toMatch(
      /test\.yaml: topic "staffing" rule 2: column 8: NEAR needs a distance/,
    );
  });

  it('rejects bad ids and unknown fields', () => {
    expect(errorOf(yaml(topic('Safe Staffing', "      - 'nurse'")))).toMatch(
      /topic "Safe Staffing" id: must be a lower-case slug/,
    );
    expect(errorOf(yaml(topic('pay', "      - 'strike'") + '\n    colour: red'))).toMatch(/topic "pay"/);
  });
});
