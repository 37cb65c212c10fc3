import { randomBytes } from 'node:crypto';
import type { AlertChannelInput, AlertChannelView } from '@lp/contracts/alerts';
import { decryptSecrets, encryptSecrets } from '@lp/secrets/secrets';
import { BadRequestError } from '../plugins/external/error-handler';
import { checkConfigAddresses } from '../routes/v1/sources/input';

/** A hook channel's address and signing secret: sealed together, never shown again. */
export interface ChannelSecret {
  url: string;
  secret?: string;
}

export type HookType = 'teams' | 'slack' | 'webhook';

const newChannelId = () => randomBytes(6).toString('hex');

/** An address is shown by its origin only: a Slack or Teams webhook's path is its key. */
export const maskUrl = (url: string) => `${new URL(url).origin}/…`;

export function sealChannelSecrets(key: Buffer, secrets: Map<string, ChannelSecret>): string | null {
  if (secrets.size === 0) return null;
  return encryptSecrets(key, Object.fromEntries([...secrets].map(([id, s]) => [id, JSON.stringify(s)])));
}

export function openChannelSecrets(key: Buffer | null, sealed: string | null): Map<string, ChannelSecret> {
  if (!sealed || !key) return new Map();
  const plain = decryptSecrets(key, sealed);
  return new Map(Object.entries(plain).map(([id, json]) => [id, JSON.parse(json) as ChannelSecret]));
}

/**
 * Turns the channels given into what is stored: the views (no secrets) and the sealed secrets. A
 * hook channel given by `id` without a url keeps its saved address and secret; a new address is
 * checked like a source's (https or http, public unless private addresses are allowed).
 */
export async function normaliseChannels(
  input: AlertChannelInput[],
  saved: { views: AlertChannelView[]; secrets: Map<string, ChannelSecret> },
  opts: { allowPrivate: boolean },
): Promise<{ views: AlertChannelView[]; secrets: Map<string, ChannelSecret> }> {
  const views: AlertChannelView[] = [];
  const secrets = new Map<string, ChannelSecret>();
  const given = input.flatMap((c) => (c.id ? [c.id] : []));
  const twice = given.find((id, i) => given.indexOf(id) !== i);
  if (twice) throw new BadRequestError(`channels: channel ${twice} is given twice`);
  for (const [i, c] of input.entries()) {
    if (c.type === 'email') {
      // An id names a saved email channel (kept, so its history stays with it); any other is refused.
      if (c.id && !saved.views.some((v) => v.id === c.id && v.type === 'email'))
        throw new BadRequestError(`channels.${i}: no saved email channel ${c.id}`);
      views.push({ id: c.id ?? newChannelId(), type: 'email', to: [...new Set(c.to)] });
      continue;
    }
    const kept = c.id ? saved.views.find((v) => v.id === c.id && v.type === c.type) : undefined;
    if (c.id && !kept && !c.url) throw new BadRequestError(`channels.${i}: no saved ${c.type} channel ${c.id}`);
    const id = kept?.id ?? newChannelId();
    const old = kept ? saved.secrets.get(kept.id) : undefined;
    const url = c.url ?? old?.url;
    if (!url) throw new BadRequestError(`channels.${i}: give url`);
    if (c.url) await checkConfigAddresses({ url: c.url }, opts.allowPrivate).catch(rename(i));
    const secret = c.secret ?? (c.url && c.url !== old?.url ? undefined : old?.secret);
    secrets.set(id, { url, ...(secret ? { secret } : {}) });
    views.push({ id, type: c.type, url: maskUrl(url), hasSecret: Boolean(secret) });
  }
  return { views, secrets };
}

const rename = (i: number) => (err: unknown) => {
  throw new BadRequestError(`channels.${i}.url: ${(err as Error).message.replace(/^config\.url: /, '')}`);
};

/** Where a channel sends, without secrets (for the deliveries table). */
export function channelTarget(view: AlertChannelView): string {
  return view.type === 'email' ? (view.to ?? []).join(', ') : (view.url ?? view.type);
}
