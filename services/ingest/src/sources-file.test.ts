import { describe, expect, it } from 'vitest';
import { DEFAULT_SOURCES, loadSources, parseDuration, parseSourcesFile } from './sources-file';

const parse = (yaml: string, env: Record<string, string> = {}) => parseSourcesFile(yaml, 'sources.yaml', env).sources;

describe('sources file', () => {
  it('parses the documented example', () => {
    const [s] = parse(`sources:
  - id: nhs-mastodon
    type: mastodon
    instance: https://mastodon.social
    hashtags: [NHS, nurses]
    every: 5m
`);
    expect(s).toEqual({
      id: 'nhs-mastodon',
      type: 'mastodon',
      // The history a new source reads first: a day, at most 10 pages, unless the file says otherwise.
      config: {
        instance: 'https://mastodon.social',
        hashtags: ['NHS', 'nurses'],
        limit: 40,
        backfillHours: 24,
        backfillPages: 10,
      },
      enabled: true,
      synthetic: false,
      pollEverySeconds: 300,
    });
  });

  it('reads durations', () => {
    expect([parseDuration('30s'), parseDuration('5m'), parseDuration('1h'), parseDuration('1.5h')]).toEqual([
      30, 300, 3600, 5400,
    ]);
    expect(parseDuration('5 minutes')).toBeNull();
    expect(parseDuration('0s')).toBeNull();
  });

  it('names the field and line of a bad duration', () => {
    expect(() => parse('sources:\n  - id: a\n    type: demo\n    every: soon\n')).toThrow(
      /sources\.yaml line 4: sources\[0\]\.every: "soon" is not a duration/,
    );
  });

  it('rejects an unknown type with its line and the known types', () => {
    expect(() => parse('sources:\n  - id: a\n    type: demo\n  - id: b\n    type: myspace\n')).toThrow(
      /line 5: sources\[1\]\.type: unknown type "myspace" \(known: [a-z, ]*mastodon[a-z, ]*\)/,
    );
  });

  it('validates type-specific fields', () => {
    expect(() =>
      parse('sources:\n  - id: m\n    type: mastodon\n    instance: not a url\n    hashtags: [NHS]\n'),
    ).toThrow(/line 4: sources\[0\]\.instance/);
    expect(() =>
      parse(
        'sources:\n  - id: m\n    type: mastodon\n    instance: https://x.test\n    hashtags: [NHS]\n    limit: 80\n',
      ),
    ).toThrow(/line 6: sources\[0\]\.limit/);
  });

  it('substitutes ${VAR} from the environment and fails on an unset one', () => {
    const yaml = 'sources:\n  - id: m\n    type: mastodon\n    instance: ${INSTANCE_URL}\n    hashtags: [NHS]\n';
    expect(parse(yaml, { INSTANCE_URL: 'https://nhs.social' })[0]!.config.instance).toBe('https://nhs.social');
    expect(() => parse(yaml)).toThrow(/line 4: sources\[0\]\.instance: environment variable INSTANCE_URL is not set/);
  });

  it('rejects duplicate ids and YAML syntax errors', () => {
    expect(() => parse('sources:\n  - id: a\n    type: demo\n  - id: a\n    type: demo\n')).toThrow(
      /duplicate source id "a"/,
    );
    expect(() => parse('sources:\n  - id: [unclosed\n')).toThrow(/sources\.yaml/);
  });

  it('runs the demo source when there is no file', () => {
    expect(loadSources(undefined, {}).sources).toEqual(DEFAULT_SOURCES);
    expect(() => loadSources('/nonexistent/sources.yaml', {})).toThrow(/cannot read SOURCES_FILE/);
  });
});
