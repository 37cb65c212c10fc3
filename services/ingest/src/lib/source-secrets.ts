import type { Source } from '@lp/db/queries/sources';
import { decryptSecrets } from '@lp/secrets/secrets';
import type { ConnectorType } from '../connectors/registry';
import { SECRET_REFS } from '../sources-file';
import { PermanentError } from './errors';

/**
 * A source's credentials for one poll: file sources resolve their `${VAR}` references from this
 * process's environment; dashboard sources decrypt theirs with SECRETS_KEY. Held in memory only.
 */
export function resolveSecrets(
  source: Source,
  type: ConnectorType,
  env: Record<string, string | undefined>,
  secretsKey: Buffer | null,
): Record<string, string> {
  if (type.secretFields.length === 0) return {};
  let values: Record<string, string>;
  if (source.managedBy === 'file') {
    const refs = (source.config[SECRET_REFS] ?? {}) as Record<string, string>;
    values = {};
    for (const [field, ref] of Object.entries(refs)) {
      const name = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(ref)?.[1];
      const value = name ? env[name] : undefined;
      if (value === undefined)
        throw new PermanentError(`environment variable ${name ?? ref} (for ${field}) is not set in the ingest process`);
      values[field] = value;
    }
  } else {
    if (!source.secrets) values = {};
    else if (!secretsKey)
      throw new PermanentError('SECRETS_KEY is not set: the credentials of this dashboard source cannot be read');
    else values = decryptSecrets(secretsKey, source.secrets);
  }
  const missing = type.secretFields.filter((f) => !values[f]);
  if (missing.length > 0) throw new PermanentError(`missing credentials: ${missing.join(', ')}`);
  return values;
}
