import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import type { SourceSpec } from '@lp/db/queries/sources';
import { CONNECTOR_TYPES } from './connectors/registry';
import { EMPTY_WATCHLIST, zWatchlist, type Watchlist } from './watchlist';

/** Parses `30s`, `5m`, `1h`, `1d` into seconds. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/.exec(text.trim());
  if (!m) return null;
  const unit = { s: 1, m: 60, h: 3_600, d: 86_400 }[m[2] as 's' | 'm' | 'h' | 'd'];
  const seconds = Math.round(Number(m[1]) * unit);
  return seconds > 0 ? seconds : null;
}

const zDuration = z.string().transform((s, ctx) => {
  const secs = parseDuration(s);
  if (secs === null) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a duration like 30s, 5m or 1h` });
    return z.NEVER;
  }
  return secs;
});

const zSourceEntry = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lower-case id such as "nhs-mastodon"'),
    type: z.string(),
    every: zDuration.default(300),
    enabled: z.boolean().default(true),
  })
  .passthrough();

const zSourcesFile = z.object({ sources: z.array(zSourceEntry), watchlist: zWatchlist.optional() }).strict();

export interface SourcesFile {
  sources: SourceSpec[];
  watchlist: Watchlist;
}

/** Where a file source keeps its credentials' `${VAR}` references (resolved only at poll time). */
export const SECRET_REFS = '$secrets';
const ENV_REF = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

export class SourcesFileError extends Error {}

/** With no sources file the embedded demo runs, so a fresh install shows a moving dashboard. */
export const DEFAULT_SOURCES: SourceSpec[] = [
  { id: 'demo', type: 'demo', config: {}, enabled: true, synthetic: true, pollEverySeconds: 15 },
];

type Path = Array<string | number>;

function lineOf(doc: Document, counter: LineCounter, path: Path): string {
  for (let i = path.length; i >= 0; i--) {
    const node = doc.getIn(path.slice(0, i), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return `line ${counter.linePos(node.range[0]).line}`;
  }
  return 'line ?';
}

const fieldName = (path: Path): string =>
  path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');

/** Replaces `${VAR}` in every string; an unset variable is an error naming where it was used. */
function substituteEnv(
  value: unknown,
  env: Record<string, string | undefined>,
  path: Path,
  fail: (path: Path, msg: string) => never,
): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const v = env[name];
      if (v === undefined) fail(path, `environment variable ${name} is not set`);
      return v as string;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, env, [...path, i], fail));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env, [...path, k], fail)]));
  }
  return value;
}

export function parseSourcesFile(text: string, fileName: string, env: Record<string, string | undefined>): SourcesFile {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true });
  if (doc.errors.length > 0) throw new SourcesFileError(`${fileName}: ${doc.errors[0]!.message}`);
  const fail = (path: Path, msg: string): never => {
    throw new SourcesFileError(
      `${fileName} ${lineOf(doc, counter, path)}: ${fieldName(path) || '(top level)'}: ${msg}`,
    );
  };
  const original = doc.toJS() as { sources?: Array<Record<string, unknown>> } | null;
  const raw = substituteEnv(original, env, [], fail);
  const parsed = zSourcesFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return fail(issue.path as Path, issue.message);
  }
  const seen = new Set<string>();
  const sources = parsed.data.sources.map((entry, i) => {
    const { id, type, every, enabled, ...rest } = entry;
    const kind = CONNECTOR_TYPES[type];
    if (!kind)
      fail(['sources', i, 'type'], `unknown type "${type}" (known: ${Object.keys(CONNECTOR_TYPES).join(', ')})`);
    if (seen.has(id)) fail(['sources', i, 'id'], `duplicate source id "${id}"`);
    seen.add(id);
    // Credentials stay `${VAR}` references in Postgres: the secret itself never leaves the environment.
    const refs: Record<string, string> = {};
    for (const field of kind!.secretFields) {
      const ref = original?.sources?.[i]?.[field];
      if (ref === undefined) fail(['sources', i], `${field} is required (a \${VAR} reference to the environment)`);
      if (typeof ref !== 'string' || !ENV_REF.test(ref))
        fail(['sources', i, field], 'must be a ${VAR} reference to the environment, never the secret itself');
      refs[field] = ref as string;
      delete (rest as Record<string, unknown>)[field];
    }
    const config = kind!.config.safeParse(rest);
    if (!config.success) {
      const issue = config.error.issues[0]!;
      fail(['sources', i, ...(issue.path as Path)], issue.message);
    }
    const stored = kind!.secretFields.length > 0 ? { ...config.data!, [SECRET_REFS]: refs } : config.data!;
    return { id, type, config: stored, enabled, synthetic: kind!.synthetic, pollEverySeconds: every };
  });
  return { sources, watchlist: parsed.data.watchlist ?? EMPTY_WATCHLIST };
}

export function loadSources(file: string | undefined, env: Record<string, string | undefined>): SourcesFile {
  if (!file) return { sources: DEFAULT_SOURCES, watchlist: EMPTY_WATCHLIST };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SourcesFileError(`cannot read SOURCES_FILE ${file}: ${(err as Error).message}`);
  }
  return parseSourcesFile(text, file, env);
}
