import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTagger } from './tagger';

// The taxonomy is data: an analyst edits the YAML, the worker restarts, tags change. No code.
const dir = mkdtempSync(join(tmpdir(), 'lp-taxonomy-'));
const path = join(dir, 'taxonomy.yaml');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const POST = { id: 1, text: 'The new parking charges at the hospital are a disgrace', lang: 'en' };
const topicIds = (taxonomyPath: string) =>
  createTagger({ taxonomyPath })
    .tagBatch([POST])[0]!
    .topics.map((t) => t.id);

const before = `version: 1
topics:
  - id: staffing
    name: Staffing
    description: Staffing levels
    rules:
      - 'understaff* OR "short staffed"'
`;
const after = `${before}  - id: parking
    name: Car parking
    description: Hospital car parking and its charges
    rules:
      - 'parking NEAR/2 (charge OR charges OR fee*)'
`;

describe('editing the taxonomy file', () => {
  it('changes the tags and the model version without a code change', () => {
    writeFileSync(path, before);
    const oldVersion = createTagger({ taxonomyPath: path }).modelVersion;
    expect(topicIds(path)).toEqual([]);

    writeFileSync(path, after);
    const tagger = createTagger({ taxonomyPath: path });
    const [result] = tagger.tagBatch([POST]);
    expect(result?.topics.map((t) => t.id)).toEqual(['parking']);
    expect(result?.topics[0]?.evidence.map((e) => e.term)).toEqual(['parking', 'charges']);
    expect(tagger.modelVersion).not.toBe(oldVersion);
  });

  it('drops a tag when its rule is removed', () => {
    writeFileSync(path, after.replace("'parking NEAR/2 (charge OR charges OR fee*)'", "'parking NEAR/2 permit*'"));
    expect(topicIds(path)).toEqual([]);
  });
});
