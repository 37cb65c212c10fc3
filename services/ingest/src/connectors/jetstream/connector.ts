import WebSocket from 'ws';
import { guardedSocketTarget } from '@lp/outbound/guarded-fetch';
import { PermanentError, TransientError } from '../../lib/errors';
import type { Connector, ConnectorFactory, Page } from '../types';
import { zJetstreamConfig } from './config';
import { parseFrame, searchableText } from './events';
import { createProfileCache } from './profiles';
import { compileStreamFilter, transformStreamPost } from './transform';
import { jetstreamUrl } from './url';

/** "Check now" listens this long to the live stream (or until it has a preview's worth). */
const PREVIEW_MS = 8_000;
const PREVIEW_POSTS = 20;

/**
 * The stream is consumed by the `stream` role (streams/jetstream-session.ts), never polled. This
 * connector serves "check now": it listens to the live stream for a few seconds and returns what
 * the filter keeps, so an admin can judge the keywords before saving. It stores nothing.
 */
export const createJetstreamConnector: ConnectorFactory = (source, deps): Connector => {
  const cfg = zJetstreamConfig.parse(source.config);
  return {
    async fetchPage(): Promise<Page> {
      const match = compileStreamFilter(cfg, deps.watchlist);
      if (!match)
        throw new PermanentError(
          'bluesky stream source has nothing to watch: add keywords or hashtags, or names or hashtags to the watch list',
        );
      const target = guardedSocketTarget(jetstreamUrl(cfg.endpoint, null));
      const creates = await new Promise<Array<Extract<ReturnType<typeof parseFrame>, { kind: 'create' }>>>(
        (resolve, reject) => {
          const found: Array<Extract<ReturnType<typeof parseFrame>, { kind: 'create' }>> = [];
          const ws = new WebSocket(target.url, {
            handshakeTimeout: 10_000,
            maxPayload: 4 * 1024 * 1024,
            ...(target.lookup ? { lookup: target.lookup as never } : {}),
          });
          const finish = () => {
            clearTimeout(timer);
            ws.removeAllListeners('close');
            ws.terminate();
            resolve(found);
          };
          const timer = setTimeout(finish, PREVIEW_MS);
          ws.on('message', (data: WebSocket.RawData) => {
            const ev = parseFrame(String(data));
            if (ev.kind !== 'create') return;
            const text = searchableText(ev.record);
            if (text !== null && match(text) !== null) found.push(ev);
            if (found.length >= PREVIEW_POSTS) finish();
          });
          ws.on('error', (err) => {
            clearTimeout(timer);
            reject(new TransientError(`could not reach the stream at ${target.url.host}: ${err.message}`));
          });
          ws.on('close', () => finish());
        },
      );
      const { profiles } = await createProfileCache({ appview: cfg.appview }).get(creates.map((c) => c.did));
      const page: Page = { items: [], quarantined: [], nextCursor: null, full: false };
      for (const c of creates) {
        const t = transformStreamPost(c, profiles.get(c.did), deps.pseudonymise);
        if (t.ok) page.items.push({ externalId: t.draft.externalId, draft: t.draft });
        else page.quarantined.push({ externalId: c.uri, reason: t.reason, payload: c.record });
      }
      return page;
    },
  };
};
