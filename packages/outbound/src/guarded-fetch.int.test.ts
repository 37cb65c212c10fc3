import { createServer, type Server } from 'node:http';
import type { LookupAddress } from 'node:dns';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BlockedAddressError, blockedAddress, isPrivateAddress } from './address-policy';
import { guardedFetch, guardedSocketTarget, setOutboundPolicy } from './guarded-fetch';

let server: Server;
let port = 0;
const hits: string[] = [];

/** A resolver as DNS would answer: public-looking names that point inside the network. */
const fakeDns: Record<string, string> = {
  'rebind.example': '127.0.0.1',
  'intranet.example': '10.0.0.5',
  'metadata.example': '169.254.169.254',
  'v6.example': '::1',
  'fixture.example': '127.0.0.1',
};
function lookup(host: string, _o: { all: true }, cb: (e: NodeJS.ErrnoException | null, a: LookupAddress[]) => void) {
  const address = fakeDns[host];
  if (!address) return cb(Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), []);
  cb(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
}

async function refused(url: string): Promise<string> {
  try {
    await guardedFetch(url, { signal: AbortSignal.timeout(5_000) });
  } catch (err) {
    const blocked = blockedAddress(err);
    if (blocked) return blocked.message;
    throw err;
  }
  throw new Error(`${url} was fetched`);
}

describe('fetches to user-given addresses', () => {
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
      if (to) {
        res.writeHead(302, { location: to });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  afterEach(() => setOutboundPolicy({ allowPrivate: false }));

  it('knows the private ranges', () => {
    for (const a of [
      '127.0.0.1',
      '127.8.9.10',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not-an-ip',
    ])
      expect([a, isPrivateAddress(a)]).toEqual([a, true]);
    for (const a of ['8.8.8.8', '172.32.0.1', '1.1.1.1', '2a00:1450:4009::200e', '::ffff:8.8.8.8'])
      expect([a, isPrivateAddress(a)]).toEqual([a, false]);
  });

  it('refuses loopback names and addresses, IPv6 loopback and private ranges without connecting', async () => {
    setOutboundPolicy({ allowPrivate: false, lookup });
    for (const url of [
      `http://127.0.0.1:${port}/metrics`,
      `http://localhost:${port}/`,
      `http://LOCALHOST:${port}/`,
      `http://app.localhost:${port}/`,
      `http://[::1]:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      'http://10.0.0.1/',
      'http://172.20.1.1/',
      'http://192.168.1.254/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd12:3456::1]/',
      'http://0.0.0.0:6379/',
      'http://2130706433/',
      'http://0x7f000001/',
    ])
      expect(await refused(url)).toMatch(/loopback|private|link-local|this machine/);
    expect(hits).toEqual([]);
  });

  it('refuses names whose DNS answer is private, checked on the address connected to', async () => {
    setOutboundPolicy({ allowPrivate: false, lookup });
    expect(await refused(`http://rebind.example:${port}/`)).toMatch(/rebind\.example resolves to 127\.0\.0\.1/);
    expect(await refused('http://intranet.example/')).toMatch(/10\.0\.0\.5/);
    expect(await refused('http://metadata.example/')).toMatch(/169\.254\.169\.254/);
    expect(await refused(`http://v6.example:${port}/`)).toMatch(/::1/);
    expect(hits).toEqual([]);
  });

  it('checks every redirect: one into the network is refused', async () => {
    // The fixture itself stands in for a public host (its address allowed); where it redirects is not.
    setOutboundPolicy({ allowPrivate: false, lookup, allowAddresses: ['127.0.0.1'] });
    const ok = await guardedFetch(
      `http://fixture.example:${port}/?to=${encodeURIComponent(`http://fixture.example:${port}/final`)}`,
    );
    expect(await ok.text()).toBe('ok');
    for (const to of [
      `http://127.0.0.2:${port}/`,
      'http://intranet.example/',
      `http://[::1]:${port}/`,
      'http://169.254.169.254/',
    ])
      expect(await refused(`http://fixture.example:${port}/?to=${encodeURIComponent(to)}`)).toMatch(
        /loopback|private|link-local/,
      );
  });

  it('refuses other schemes and URLs with credentials', async () => {
    setOutboundPolicy({ allowPrivate: false, lookup });
    await expect(guardedFetch('file:///etc/passwd')).rejects.toBeInstanceOf(BlockedAddressError);
    await expect(guardedFetch('gopher://example.org/')).rejects.toBeInstanceOf(BlockedAddressError);
    await expect(guardedFetch('https://user:pw@example.org/')).rejects.toThrow(/user name or password/);
  });

  it('reaches local addresses only when allowed (ALLOW_PRIVATE_SOURCE_URLS)', async () => {
    setOutboundPolicy({ allowPrivate: true });
    expect((await guardedFetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });

  it('checks a WebSocket address the same way, and hands the socket a lookup that refuses private answers', async () => {
    setOutboundPolicy({ allowPrivate: false, lookup });
    expect(() => guardedSocketTarget(`ws://127.0.0.1:${port}/subscribe`)).toThrow(BlockedAddressError);
    expect(() => guardedSocketTarget('https://example.org/subscribe')).toThrow(/not a WebSocket address/);
    expect(() => guardedSocketTarget('wss://u:p@example.org/subscribe')).toThrow(/user name or password/);
    const target = guardedSocketTarget('wss://rebind.example/subscribe');
    expect(target.url.protocol).toBe('wss:');
    const answer = await new Promise<unknown[]>((resolve) =>
      (target.lookup as unknown as (h: string, o: object, cb: (...a: unknown[]) => void) => void)(
        'rebind.example',
        {},
        (...a) => resolve(a),
      ),
    );
    expect(answer[0]).toBeInstanceOf(BlockedAddressError);
    setOutboundPolicy({ allowPrivate: true });
    expect(guardedSocketTarget(`ws://127.0.0.1:${port}/subscribe`).lookup).toBeUndefined();
  });
});
