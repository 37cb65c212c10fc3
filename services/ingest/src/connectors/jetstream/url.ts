import { POST_COLLECTION } from './events';

/**
 * The subscription address: posts only (`wantedCollections`), from `cursorUs` (µs since the epoch)
 * when given; without one the instance sends the live stream.
 */
export function jetstreamUrl(endpoint: string, cursorUs: number | null): string {
  const url = new URL(endpoint);
  url.searchParams.delete('wantedCollections');
  url.searchParams.delete('cursor');
  url.searchParams.append('wantedCollections', POST_COLLECTION);
  if (cursorUs !== null) url.searchParams.set('cursor', String(Math.max(0, Math.floor(cursorUs))));
  return url.toString();
}
