import { describe, expect, it } from 'vitest';
import { parseSourcesFile } from '../../sources-file';

/** The README's example, as a user would write it. */
const EXAMPLE = `sources:
  - id: reddit-nhs
    type: reddit
    clientId: p-jcoLKBynTLew
    clientSecret: \${REDDIT_CLIENT_SECRET}
    userAgent: "linux:uk.nhs.example.listeningpost:1.0 (by /u/example_comms)"
    subreddits: [NHS, nursing, doctorsUK]
    query: '"Royal Free" OR RFH'
    every: 5m
`;

const parse = (yaml: string) => parseSourcesFile(yaml, 'sources.yaml', { REDDIT_CLIENT_SECRET: 's3cret' }).sources;

describe('reddit in a sources file', () => {
  it('parses the documented example and keeps the secret as a reference', () => {
    const [s] = parse(EXAMPLE);
    expect(s).toMatchObject({ id: 'reddit-nhs', type: 'reddit', pollEverySeconds: 300 });
    expect(s!.config).toMatchObject({
      clientId: 'p-jcoLKBynTLew',
      subreddits: ['NHS', 'nursing', 'doctorsUK'],
      query: '"Royal Free" OR RFH',
      limit: 100,
      baseUrl: 'https://oauth.reddit.com',
      authUrl: 'https://www.reddit.com/api/v1/access_token',
      $secrets: { clientSecret: '${REDDIT_CLIENT_SECRET}' },
    });
    expect(JSON.stringify(s)).not.toContain('s3cret');
  });

  it('refuses a secret written in clear and a generic User-Agent', () => {
    expect(() => parse(EXAMPLE.replace('${REDDIT_CLIENT_SECRET}', 'abc'))).toThrow(/clientSecret: must be a \$\{VAR\}/);
    expect(() => parse(EXAMPLE.replace(/userAgent: .*/, 'userAgent: curl/8'))).toThrow(/line 6: .*userAgent/);
  });
});
