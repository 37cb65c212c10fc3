// The FFT-category → taxonomy-topic mapping that trains the topic classifier (topic-map.yaml).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

export const DEFAULT_TOPIC_MAP_URL = new URL('../../topic-map.yaml', import.meta.url);

const zTopicMap = z.object({
  version: z.number().int(),
  topics: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), z.array(z.string().min(1)).min(1)),
});
export type TopicMap = z.infer<typeof zTopicMap>;

/** Loads and validates the mapping; a category may feed only one topic. */
export function loadTopicMap(url: URL | string = DEFAULT_TOPIC_MAP_URL): TopicMap {
  const map = zTopicMap.parse(parse(readFileSync(url, 'utf8')));
  const seen = new Map<string, string>();
  for (const [topic, categories] of Object.entries(map.topics)) {
    for (const c of categories) {
      const other = seen.get(c);
      if (other) throw new Error(`topic-map: category "${c}" maps to both ${other} and ${topic}`);
      seen.set(c, topic);
    }
  }
  return map;
}

/** Topic ids a row's FFT categories map to. */
export function mapCategories(map: TopicMap, categories: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const [topic, cats] of Object.entries(map.topics)) if (cats.some((c) => categories.includes(c))) out.add(topic);
  return out;
}
