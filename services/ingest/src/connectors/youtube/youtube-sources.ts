import type { SourceSpec } from '@lp/db/queries/sources';
import { sourcesFromYaml } from '../../testing/pipeline-test';
import { CHANNEL, FIXTURE_API_KEY } from './youtube-fixture';

/** The process environment the test sources' `${VAR}` API keys resolve from. */
export const YOUTUBE_ENV = { YOUTUBE_API_KEY: FIXTURE_API_KEY, YOUTUBE_WRONG_KEY: 'not-the-key' };

/** A youtube source as a sources file declares it, through the real parser. */
export function youtubeSource(
  id: string,
  fixture: { url: string },
  over: Record<string, unknown> = {},
  keyVar: keyof typeof YOUTUBE_ENV = 'YOUTUBE_API_KEY',
): SourceSpec {
  const entry = {
    id,
    type: 'youtube',
    every: '1h',
    apiKey: `\${${keyVar}}`,
    channelId: CHANNEL,
    baseUrl: fixture.url,
    ...over,
  };
  return sourcesFromYaml(JSON.stringify({ sources: [entry] }), YOUTUBE_ENV)[0]!;
}
