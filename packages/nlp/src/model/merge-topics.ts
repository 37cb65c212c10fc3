import type { TopicTag } from '../types';
import type { TopicScore } from './model-scorer';

/**
 * Final topics: rule matches ∪ classifier predictions, in taxonomy order. A classifier topic the
 * taxonomy no longer has is dropped, so deleting a topic from taxonomy.yaml removes it everywhere.
 * Where both fire, the scores combine as independent evidence, 1 − (1 − a)(1 − b).
 */
export function mergeTopics(order: readonly string[], rules: TopicTag[], model: TopicScore[]): TopicTag[] {
  if (model.length === 0) return rules;
  const byId = new Map<string, TopicTag>(rules.map((t) => [t.id, t]));
  for (const m of model) {
    if (!order.includes(m.id)) continue;
    const r = byId.get(m.id);
    if (!r) {
      byId.set(m.id, { id: m.id, score: m.score, evidence: m.evidence });
      continue;
    }
    const seen = new Set(r.evidence.map((e) => `${e.start}:${e.end}`));
    const extra = m.evidence.filter((e) => !seen.has(`${e.start}:${e.end}`));
    byId.set(m.id, {
      id: m.id,
      score: Math.round((1 - (1 - r.score) * (1 - m.score)) * 1000) / 1000,
      evidence: [...r.evidence, ...extra],
    });
  }
  return order.flatMap((id) => byId.get(id) ?? []);
}
