import { BlockList, isIP } from 'node:net';

/**
 * Addresses a source URL given by a user must never reach: the server's own loopback, the
 * networks around it (private, carrier-grade NAT, unique-local), link-local (cloud metadata at
 * 169.254.169.254), multicast and the unspecified addresses. Otherwise "add a source" or "test a
 * source" would let anyone make the server scan and read its own network (SSRF).
 */
const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  blocked.addSubnet(net, bits, 'ipv6');

/** True for an address a user-given URL may not reach (see above); IPv4-mapped IPv6 counts as its IPv4. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, 'ipv4');
  if (family === 6) return blocked.check(bare, 'ipv6');
  return true; // not an address at all: refuse rather than guess
}

/** A URL to a user-given address was refused; the message says which and why, for the source's last error. */
export class BlockedAddressError extends Error {
  override readonly name = 'BlockedAddressError';
}

/** Refuses URLs that are not http(s), carry credentials, or name a private address literally. */
export function checkUrlShape(raw: string | URL, allowed: ReadonlySet<string> = new Set()): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BlockedAddressError(`"${String(raw).slice(0, 100)}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new BlockedAddressError(`${url.protocol} URLs are not fetched; use http or https`);
  if (url.username || url.password) throw new BlockedAddressError('a URL must not carry a user name or password');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && isPrivateAddress(host) && !allowed.has(host))
    throw new BlockedAddressError(`${host} is a loopback, private or link-local address`);
  if (/^localhost$|\.localhost$/i.test(host)) throw new BlockedAddressError(`${host} is this machine`);
  return url;
}

/** The error (or its cause, as fetch wraps it) when a request was refused by the policy. */
export function blockedAddress(err: unknown): BlockedAddressError | null {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++)
    if (e instanceof BlockedAddressError) return e;
  return null;
}
