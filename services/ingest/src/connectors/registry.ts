import type { z } from 'zod';
import { createDemoConnector, zDemoConfig } from './demo/connector';
import { zMastodonConfig } from './mastodon/config';
import { createMastodonConnector } from './mastodon/connector';
import type { ConnectorFactory } from './types';

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
  demo: { config: zDemoConfig, create: createDemoConnector, synthetic: true, secretFields: [] },
};
