import fp from 'fastify-plugin';
import { LRUCache } from 'lru-cache';
import { listenForDataChanges } from '@lp/db/data-changes';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Cache this GET route's 200 answers until the data it reads changes (see response-cache.ts). */
    cacheUntilDataChanges?: boolean;
  }
  interface FastifyRequest {
    cacheKey?: string;
  }
  interface FastifyInstance {
    responseCache: { readonly listening: boolean; readonly version: number; readonly size: number };
  }
}

export interface ResponseCacheOptions {
  databaseUrl: string;
  /** Off: every request is computed (tests that write and read at once; RESPONSE_CACHE=off). */
  enabled?: boolean;
  /**
   * Changes within this long of the last refresh are taken together at its end (default 5 s): under
   * live ingest, committing a batch a second, a view is then computed at most once per window, not
   * once per batch. Answers are at most this much older than the newest committed post.
   */
  coalesceMs?: number;
  /** Bytes of JSON kept at most (default 64 MB). */
  maxBytes?: number;
}

/**
 * The dashboard's read endpoints answer from rollups, and every comms user opening the same view
 * at 8am asks the same question. This caches each answer (the serialised JSON) under the data
 * version: Postgres announces every committed change on a channel (migration 0006) and the
 * version moves on, so a cached answer is never older than the data it was computed from. While
 * the announcement connection is down nothing is served from the cache.
 *
 * lru-cache (isaacs) bounds the memory by the answers' size; `Cache-Control: no-cache` on a request
 * skips the lookup, as HTTP defines. The key takes the caller's role as well as the URL.
 */
export default fp<ResponseCacheOptions>(
  async (app, opts) => {
    let version = 0;
    let lastRefresh = 0;
    let pending: NodeJS.Timeout | null = null;
    const coalesceMs = opts.coalesceMs ?? 5_000;
    const cache = new LRUCache<string, string>({
      maxSize: opts.maxBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (v, k) => v.length + k.length,
    });
    const listener =
      opts.enabled === false
        ? { listening: false, close: async () => {} }
        : listenForDataChanges(opts.databaseUrl, {
            onChange: () => {
              if (pending) return;
              const wait = lastRefresh + coalesceMs - Date.now();
              if (wait <= 0) return refresh();
              pending = setTimeout(() => {
                pending = null;
                refresh();
              }, wait);
            },
            onListening: (on) => {
              if (!on) cache.clear();
              app.log.info(
                { listening: on },
                on ? 'response cache on' : 'response cache off: not hearing data changes',
              );
            },
          });
    function refresh() {
      version += 1;
      cache.clear();
      lastRefresh = Date.now();
    }
    app.decorate('responseCache', {
      get listening() {
        return listener.listening;
      },
      get version() {
        return version;
      },
      get size() {
        return cache.size;
      },
    });
    app.addHook('onClose', async () => {
      if (pending) clearTimeout(pending);
      await listener.close();
    });

    app.addHook('onRequest', async (req, reply) => {
      if (req.method !== 'GET' || !req.routeOptions.config.cacheUntilDataChanges || !listener.listening) return;
      // The role is part of the key: a viewer's answer leaves out what an analyst's includes.
      req.cacheKey = `${version}\u0000${req.user?.role ?? ''}\u0000${req.url}`;
      if (/\bno-cache\b/i.test(req.headers['cache-control'] ?? '')) return;
      const hit = cache.get(req.cacheKey);
      if (hit === undefined) return;
      req.cacheKey = undefined;
      return reply.header('content-type', 'application/json; charset=utf-8').header('x-cache', 'hit').send(hit);
    });

    app.addHook('onSend', async (req, reply, payload) => {
      const key = req.cacheKey;
      if (key === undefined) return payload;
      reply.header('x-cache', 'miss');
      // An answer computed while the data changed is not stored: it may mix the two versions' data.
      if (reply.statusCode === 200 && typeof payload === 'string' && key.startsWith(`${version}\u0000`)) {
        cache.set(key, payload);
      }
      return payload;
    });
  },
  { name: 'response-cache', dependencies: ['db', 'auth'] },
);
