import type { z } from 'zod';
import { zBlueskyConfig } from './bluesky/config';
import { createBlueskyConnector } from './bluesky/connector';
import { createDemoConnector, zDemoConfig } from './demo/connector';
import { zFacebookConfig } from './facebook/config';
import { createFacebookConnector } from './facebook/connector';
import { zFileConfig } from './file/config';
import { createFileConnector } from './file/connector';
import { zLinkedinConfig } from './linkedin/config';
import { createLinkedinConnector } from './linkedin/connector';
import { zMastodonConfig } from './mastodon/config';
import { createMastodonConnector } from './mastodon/connector';
import { zRedditConfig } from './reddit/config';
import { createRedditConnector } from './reddit/connector';
import { zRssConfig } from './rss/config';
import { createRssConnector } from './rss/connector';
import type { ConnectorFactory } from './types';
import { zJetstreamConfig } from './jetstream/config';
import { createJetstreamConnector } from './jetstream/connector';
import { zXConfig } from './x/config';
import { createXConnector } from './x/connector';
import { zYoutubeConfig } from './youtube/config';
import { createYoutubeConnector } from './youtube/connector';

export interface ConnectorType {
  config: z.ZodType<Record<string, unknown>>;
  create: ConnectorFactory;
  /** Posts from this type are synthetic and marked so in the data and the UI. */
  synthetic: boolean;
  /**
   * Config fields that are credentials: never stored in `sources.config` in clear. In a sources
   * file they must be `${VAR}` references (resolved at poll time); dashboard sources encrypt them.
   */
  secretFields: string[];
}

export const CONNECTOR_TYPES: Record<string, ConnectorType> = {
  mastodon: { config: zMastodonConfig, create: createMastodonConnector, synthetic: false, secretFields: [] },
  bluesky: { config: zBlueskyConfig, create: createBlueskyConnector, synthetic: false, secretFields: ['appPassword'] },
  rss: { config: zRssConfig, create: createRssConnector, synthetic: false, secretFields: [] },
  demo: { config: zDemoConfig, create: createDemoConnector, synthetic: true, secretFields: [] },
  file: { config: zFileConfig, create: createFileConnector, synthetic: false, secretFields: [] },
  x: { config: zXConfig, create: createXConnector, synthetic: false, secretFields: ['bearerToken'] },
  reddit: { config: zRedditConfig, create: createRedditConnector, synthetic: false, secretFields: ['clientSecret'] },
  facebook: {
    config: zFacebookConfig,
    create: createFacebookConnector,
    synthetic: false,
    secretFields: ['pageAccessToken'],
  },
  linkedin: {
    config: zLinkedinConfig,
    create: createLinkedinConnector,
    synthetic: false,
    secretFields: ['accessToken'],
  },
  youtube: { config: zYoutubeConfig, create: createYoutubeConnector, synthetic: false, secretFields: ['apiKey'] },
  // Consumed by the `stream` role; `create` serves "check now" only (see jetstream/connector.ts).
  jetstream: { config: zJetstreamConfig, create: createJetstreamConnector, synthetic: false, secretFields: [] },
};
