import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent, fetch as undiciFetch } from 'undici';
import { BlockedAddressError, checkUrlShape, isPrivateAddress } from './address-policy';

type Lookup = (
  hostname: string,
  options: { all: true },
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export interface OutboundPolicy {
  /** Let user-given URLs reach private and loopback addresses (tests against local fixtures; ALLOW_PRIVATE_SOURCE_URLS). */
  allowPrivate: boolean;
  /** The resolver (tests inject one that answers a private address for a public-looking name). */
  lookup?: Lookup;
  /** Addresses allowed although private: one internal feed host, without opening the whole network. */
  allowAddresses?: readonly string[];
}

/** Redirects followed at most, each checked like the first request. */
const MAX_REDIRECTS = 5;

let policy: OutboundPolicy = { allowPrivate: false };
let agent: Agent | null = null;
const allowed = () => new Set(policy.allowAddresses ?? []);

/** Sets how fetches to user-given addresses are checked; ingest sets it once at start from its env. */
export function setOutboundPolicy(next: OutboundPolicy): void {
  policy = next;
  void agent?.close();
  agent = null;
}

/** A DNS answer that is empty or names an address inside the network (unless allowed): the refusal. */
function blockedAnswer(hostname: string, list: LookupAddress[]): BlockedAddressError | null {
  const bad = list.find((a) => isPrivateAddress(a.address) && !allowed().has(a.address));
  return bad || list.length === 0
    ? new BlockedAddressError(
        `${hostname} resolves to ${bad?.address ?? 'nothing'}, a loopback, private or link-local address`,
      )
    : null;
}

/**
 * An undici Agent whose connections resolve names through a lookup that refuses private
 * addresses: the check is on the address actually connected to, so a DNS answer that changes
 * between a check and the connection (rebinding) cannot slip through.
 */
function guardedAgent(): Agent {
  if (agent) return agent;
  const resolve = policy.lookup ?? (dnsLookup as unknown as Lookup);
  agent = new Agent({
    connect: {
      lookup: (hostname, options, callback) => {
        resolve(hostname, { all: true }, (err, addresses) => {
          if (err) return callback(err, '', 4);
          const list = Array.isArray(addresses) ? addresses : [];
          const blocked = blockedAnswer(hostname, list);
          if (blocked) return callback(blocked, '', 4);
          if ((options as { all?: boolean }).all)
            return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
          return callback(null, list[0]!.address, list[0]!.family);
        });
      },
    },
  });
  return agent;
}

/**
 * `fetch` for addresses users give (source URLs, instances, services): http(s) only, no
 * credentials in the URL, no loopback, private or link-local address, literally or by DNS, on the
 * first request and on every redirect. Same signature and answer as the global fetch.
 */
export async function guardedFetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
  if (policy.allowPrivate) return fetch(input, init);
  let url = checkUrlShape(input, allowed());
  let request = init;
  const follow = (init.redirect ?? 'follow') === 'follow';
  for (let hop = 0; ; hop++) {
    const res = (await undiciFetch(url, {
      ...(request as object),
      redirect: 'manual',
      dispatcher: guardedAgent(),
    } as Parameters<typeof undiciFetch>[1])) as unknown as Response;
    const location = res.headers.get('location');
    if (!follow || res.status < 300 || res.status >= 400 || res.status === 304 || !location) return res;
    await res.body?.cancel();
    if (hop >= MAX_REDIRECTS) throw new BlockedAddressError(`more than ${MAX_REDIRECTS} redirects from ${url.host}`);
    url = checkUrlShape(new URL(location, url), allowed());
    // As browsers do: a 303, or a 301/302 after a POST, continues as a GET without the body.
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && request.method === 'POST'))
      request = { ...request, method: 'GET', body: undefined };
  }
}

/**
 * For a WebSocket to a user-given address (the Bluesky Jetstream endpoint): checks the URL as
 * guardedFetch does (ws/wss standing for http/https) and returns the `lookup` to hand to the socket
 * (`ws` passes it to the connection), so the address actually connected to is checked too.
 * Redirects are not followed by the caller. With private addresses allowed: no lookup override.
 */
export function guardedSocketTarget(raw: string): { url: URL; lookup?: Lookup } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BlockedAddressError(`"${raw.slice(0, 100)}" is not a URL`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
    throw new BlockedAddressError(`${url.protocol} is not a WebSocket address; use wss:// (or ws://)`);
  if (policy.allowPrivate) return { url };
  const asHttp = new URL(url);
  asHttp.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  checkUrlShape(asHttp, allowed());
  const resolve = policy.lookup ?? (dnsLookup as unknown as Lookup);
  const lookup = ((hostname: string, options: unknown, callback: (...a: unknown[]) => void) => {
    resolve(hostname, { all: true }, (err, addresses) => {
      if (err) return callback(err);
      const list = Array.isArray(addresses) ? addresses : [];
      const blocked = blockedAnswer(hostname, list);
      if (blocked) return callback(blocked);
      if ((options as { all?: boolean } | undefined)?.all) return callback(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  }) as unknown as Lookup;
  return { url, lookup };
}
