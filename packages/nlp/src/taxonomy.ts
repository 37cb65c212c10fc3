import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { RuleSyntaxError } from './rules/ast';
import { compileRule, type CompiledRule } from './rules/compile';

/** The taxonomy shipped with the package; analysts edit this file. */
export const DEFAULT_TAXONOMY_URL = new URL('../taxonomy.yaml', import.meta.url);

// Same shape as the API's topic slug, so an id here is always a valid `?topic=` filter.
const zTopicId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lower-case slug such as "staffing"');

const zTopicDef = z.strictObject({
  id: zTopicId,
  name: z.string().trim().min(1),
  description: z.string().trim().min(1),
  rules: z.array(z.string().trim().min(1, 'rule is empty')).min(1, 'needs at least one rule'),
});

const zTaxonomyFile = z.strictObject({
  version: z.number().int().positive(),
  topics: z.array(zTopicDef).min(1),
});

export type TopicDef = z.infer<typeof zTopicDef>;
export interface CompiledTopic extends TopicDef {
  compiled: CompiledRule[];
}
export interface Taxonomy {
  version: number;
  /** First 8 hex of the file's SHA-256: part of the tagger's modelVersion. */
  hash: string;
  source: string;
  topics: CompiledTopic[];
}

export class TaxonomyError extends Error {
  override name = 'TaxonomyError';
}

/** Reads, validates and compiles a taxonomy file (default: the one shipped in this package). */
export function loadTaxonomy(path: string | URL = DEFAULT_TAXONOMY_URL): Taxonomy {
  const source = path instanceof URL ? fileURLToPath(path) : path;
  return parseTaxonomy(readFileSync(source, 'utf8'), source);
}

/** Validates and compiles taxonomy YAML; every error names the topic (and rule and column). */
export function parseTaxonomy(yamlText: string, source = '<inline taxonomy>'): Taxonomy {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (err) {
    throw new TaxonomyError(`${source}: not valid YAML: ${(err as Error).message}`);
  }
  const parsed = zTaxonomyFile.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${where(raw, issue.path)}: ${issue.message}`);
    throw new TaxonomyError(`${source}: ${problems.join('; ')}`);
  }
  const seen = new Set<string>();
  const topics = parsed.data.topics.map((topic, i) => {
    if (seen.has(topic.id)) throw new TaxonomyError(`${source}: topic "${topic.id}" (#${i + 1}): duplicate id`);
    seen.add(topic.id);
    const compiled = topic.rules.map((rule, r) => {
      try {
        return compileRule(rule);
      } catch (err) {
        if (!(err instanceof RuleSyntaxError)) throw err;
        throw new TaxonomyError(`${source}: topic "${topic.id}" rule ${r + 1}: ${err.message}`);
      }
    });
    return { ...topic, compiled };
  });
  const hash = createHash('sha256').update(yamlText).digest('hex').slice(0, 8);
  return { version: parsed.data.version, hash, source, topics };
}

/** Turns a zod path like ['topics', 3, 'rules', 1] into 'topic "pay" rules[1]'. */
function where(raw: unknown, path: PropertyKey[]): string {
  if (path[0] !== 'topics' || typeof path[1] !== 'number') return path.join('.') || 'file';
  const topic = (raw as { topics?: Array<{ id?: unknown }> }).topics?.[path[1]];
  const name = typeof topic?.id === 'string' ? `topic "${topic.id}"` : `topic #${path[1] + 1}`;
  const rest = path
    .slice(2)
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('');
  return `${name}${rest.replace(/^\./, ' ')}`;
}
