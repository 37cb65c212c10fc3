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
}

export const CONNECTOR_TYPES: Record<string, ConnectorType> = {
  mastodon: { config: zMastodonConfig, create: createMastodonConnector, synthetic: false },
  demo: { config: zDemoConfig, create: createDemoConnector, synthetic: true },
};
