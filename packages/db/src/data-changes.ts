import pg from 'pg';

/** The channel migration 0006's triggers notify on commit of any change the dashboard reads. */
export const DATA_CHANGED_CHANNEL = 'lp_data_changed';

export interface DataChangeListener {
  /** True while the LISTEN connection is up: only then can a cached answer be trusted. */
  readonly listening: boolean;
  close(): Promise<void>;
}

export interface ListenOptions {
  /** Called once per committed transaction that changed posts, tags, voices, sources or rollups. */
  onChange(): void;
  /** Called when listening starts or stops (connection lost; reconnecting). */
  onListening?(listening: boolean): void;
  /** First reconnect delay; doubles up to 30 s. */
  retryMs?: number;
}

/**
 * Holds one dedicated connection (LISTEN cannot share a pooled one) and reconnects with backoff
 * after Postgres restarts. While it is down, `listening` is false and callers must not serve cached
 * answers, since changes in that gap are not announced.
 */
export function listenForDataChanges(connectionString: string, opts: ListenOptions): DataChangeListener {
  let client: pg.Client | null = null;
  let listening = false;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let delay = opts.retryMs ?? 500;

  const setListening = (on: boolean) => {
    if (listening === on) return;
    listening = on;
    opts.onListening?.(on);
  };

  const retry = () => {
    setListening(false);
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
    delay = Math.min(delay * 2, 30_000);
  };

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString, application_name: 'lp-api-listen', connectionTimeoutMillis: 5_000 });
    client = c;
    c.on('notification', (n) => {
      if (n.channel === DATA_CHANGED_CHANNEL) opts.onChange();
    });
    c.on('error', () => {
      void c.end().catch(() => {});
      if (client === c) retry();
    });
    c.on('end', () => {
      if (client === c) retry();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${DATA_CHANGED_CHANNEL}`);
      if (closed) return void (await c.end());
      delay = opts.retryMs ?? 500;
      // Anything may have changed while nobody was listening.
      opts.onChange();
      setListening(true);
    } catch {
      void c.end().catch(() => {});
      if (client === c) retry();
    }
  }

  void connect();
  return {
    get listening() {
      return listening;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      setListening(false);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
