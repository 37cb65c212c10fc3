import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));
const hasCompose = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;

interface Service {
  ports?: string[];
  restart?: string;
  environment?: Record<string, string | null>;
}

/** The file as `docker-compose config` resolves it with no variables set on the host. */
function resolved(): { services: Record<string, Service> } {
  if (!hasCompose) return parse(readFileSync(`${root}/docker-compose.yml`, 'utf8'), { merge: true });
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(PSEUDONYM_KEY|SECRETS_KEY|SOURCES_FILE|PUBLIC_URL)$/.test(k)),
  );
  return parse(execFileSync('docker-compose', ['config'], { cwd: root, env, encoding: 'utf8' }));
}

describe('docker-compose.yml', () => {
  it.runIf(hasCompose || process.env.CI)('passes docker-compose config, alone and with the dev override', () => {
    execFileSync('docker-compose', ['config', '-q'], { cwd: root });
    execFileSync('docker-compose', ['-f', 'docker-compose.yml', '-f', 'docker-compose.dev.yml', 'config', '-q'], {
      cwd: root,
    });
  });

  it('publishes neither Postgres nor Redis, and the API only on loopback', () => {
    const { services } = resolved();
    expect(services.postgres?.ports ?? []).toEqual([]);
    expect(services.redis?.ports ?? []).toEqual([]);
    for (const p of services.api?.ports ?? [])
      expect(String(typeof p === 'object' ? JSON.stringify(p) : p)).toMatch(/127\.0\.0\.1/);
  });

  it('restarts the long-running services and passes no empty-string secrets', () => {
    const { services } = resolved();
    for (const name of ['postgres', 'redis', 'api', 'ingest']) expect(services[name]?.restart).toBe('unless-stopped');
    for (const name of ['migrate', 'api', 'ingest']) {
      const env = services[name]?.environment ?? {};
      for (const key of ['PSEUDONYM_KEY', 'SECRETS_KEY', 'SOURCES_FILE', 'PUBLIC_URL'])
        expect(env[key] ?? null).toBeNull();
    }
  });
});
