import { SECRET_FIELDS, durationSeconds } from '@lp/contracts/source-types';
import { zSourceId, type SourceCreate, type SourceUpdate } from '@lp/contracts/sources';

/** What the add/edit form holds: plain strings, as typed. */
export type SourceFormValues = {
  id: string;
  type: string;
  every: string;
  config: string;
  secrets: Record<string, string>;
};

export type FieldErrors = Partial<Record<'id' | 'type' | 'every' | 'config' | 'secrets', string>>;

/** A starting config per type, so the JSON box shows the shape expected. */
export const CONFIG_EXAMPLES: Record<string, Record<string, unknown>> = {
  mastodon: { instance: 'https://mastodon.social', hashtags: ['NHS'] },
  demo: { postsPerHour: 240 },
  x: { query: 'NHS nurses', monthlyReadBudget: 10000 },
  bluesky: { identifier: 'comms.example.bsky.social', query: 'NHS' },
  reddit: {
    clientId: 'your-app-id',
    userAgent: 'linux:org.example.listening:1.0 (by /u/yourname)',
    subreddits: ['nhs'],
  },
  rss: { url: 'https://www.england.nhs.uk/feed/' },
  file: { platform: 'file' },
};

/** Parses the JSON config box; the message says what is wrong and where. */
export function parseConfig(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Config is not valid JSON: ${(error as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, error: 'Config must be a JSON object, like {"url": "https://example.org/feed"}' };
  return { ok: true, value: value as Record<string, unknown> };
}

function common(values: SourceFormValues, errors: FieldErrors) {
  if (durationSeconds(values.every) === null) errors.every = 'Use a duration like 30s, 5m or 1h';
  const config = parseConfig(values.config);
  if (!config.ok) errors.config = config.error;
  else {
    const leaked = (SECRET_FIELDS[values.type] ?? []).filter((f) => f in config.value);
    if (leaked.length > 0) errors.config = `${leaked.join(', ')} is a credential: use the password field below`;
  }
  const secrets = Object.fromEntries(Object.entries(values.secrets).filter(([, v]) => v !== ''));
  return { config: config.ok ? config.value : {}, secrets };
}

/** Checks the add form as the API would and builds its body. */
export function toCreateInput(values: SourceFormValues): { input?: SourceCreate; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const id = zSourceId.safeParse(values.id);
  if (!id.success) errors.id = 'Use lower-case letters, digits, - or _, like "trust-news"';
  if (!values.type) errors.type = 'Choose a type';
  const { config, secrets } = common(values, errors);
  const missing = (SECRET_FIELDS[values.type] ?? []).filter((f) => !secrets[f]);
  if (missing.length > 0) errors.secrets = `${values.type} sources need ${missing.join(', ')}`;
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    input: {
      id: values.id,
      type: values.type,
      every: values.every,
      enabled: true,
      config,
      ...(Object.keys(secrets).length > 0 && { secrets }),
    },
  };
}

/** The edit form: blank credential fields keep the stored ones. */
export function toUpdateInput(values: SourceFormValues): { input?: SourceUpdate; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const { config, secrets } = common(values, errors);
  if (Object.keys(errors).length > 0) return { errors };
  return { errors, input: { every: values.every, config, ...(Object.keys(secrets).length > 0 && { secrets }) } };
}
