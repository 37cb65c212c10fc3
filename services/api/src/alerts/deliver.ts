import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AlertChannelView, AlertFiring } from '@lp/contracts/alerts';
import type { Db } from '@lp/db/client';
import {
  claimDueDelivery,
  finishAlertDelivery,
  firingsByIds,
  getFiring,
  type DeliveryRow,
} from '@lp/db/queries/alert-firings';
import { getAlertRuleAnyState } from '@lp/db/queries/alert-rules';
import { guardedFetch } from '@lp/outbound/guarded-fetch';
import type { Transporter } from 'nodemailer';
import { openChannelSecrets, type ChannelSecret } from './channels';
import { firingPosts, firingView } from './firing-view';
import {
  emailDigest,
  emailMessage,
  slackDigest,
  slackMessage,
  teamsDigest,
  teamsMessage,
  webhookRequest,
  type EmailMessage,
} from './messages';

/** Tries before a delivery is given up (about 4 hours of backoff in all). */
export const MAX_ATTEMPTS = 8;
/** 30 s, 1 min, 2 min … doubling to at most an hour between tries. */
export const retryDelayMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
/** A hook that has not answered in this long has failed (it is tried again later). */
const HOOK_TIMEOUT_MS = 10_000;
/**
 * A sender holds a delivery this long; one that died mid-send gives it back after. Longer than the
 * slowest send (a hook's 10 s; SMTP's connection, greeting and socket limits, 80 s in all).
 */
const LEASE_SECONDS = 180;

export interface DeliverContext {
  db: Db;
  mailer: { transport: Transporter; from: string } | null;
  secretsKey: Buffer | null;
  publicUrl: string;
}

/** Why a delivery failed, in words for the alert page; `permanent` when trying again cannot help. */
class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

/** What one delivery sends: one firing, or a digest of those held during quiet hours. */
async function payloadOf(ctx: DeliverContext, d: DeliveryRow): Promise<{ firings: AlertFiring[]; digest: boolean }> {
  if (d.firingId !== null) {
    const row = await getFiring(ctx.db, d.firingId);
    if (!row) throw new DeliveryError('the alert was deleted', true);
    return { firings: [firingView(row, await firingPosts(ctx.db, [row]))], digest: false };
  }
  const rows = await firingsByIds(ctx.db, (d.firingIds ?? []).map(Number));
  const posts = await firingPosts(ctx.db, rows);
  return { firings: rows.map((r) => firingView(r, posts)), digest: true };
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  const res = await guardedFetch(url, {
    method: 'POST',
    body,
    headers,
    redirect: 'manual',
    signal: AbortSignal.timeout(HOOK_TIMEOUT_MS),
  });
  await res.body?.cancel().catch(() => undefined);
  // Never the address itself in the error: a Slack or Teams hook's path is its key.
  if (res.status < 200 || res.status >= 300) throw new DeliveryError(`HTTP ${res.status} from ${new URL(url).host}`);
}

async function send(ctx: DeliverContext, d: DeliveryRow): Promise<void> {
  const { firings, digest } = await payloadOf(ctx, d);
  if (firings.length === 0) throw new DeliveryError('nothing to send', true);
  const first = firings[0]!;
  const rule = d.ruleId ? await getAlertRuleAnyState(ctx.db, d.ruleId) : null;
  const view = (rule?.channels as AlertChannelView[] | undefined)?.find((c) => c.id === d.channelId);
  const ruleName = rule?.name ?? first.alertName;
  const link = digest ? `${ctx.publicUrl.replace(/\/+$/, '')}/?view=alerts` : first.link;

  if (d.channelType === 'email') {
    if (!ctx.mailer)
      throw new DeliveryError('email is not set up: set SMTP_URL (and REPORT_FROM), as for the weekly report');
    // Source-health alerts go to the admins named when they fired; a rule's to its channel's list.
    const to = d.channelId === 'admins' ? d.target.split(', ') : (view?.to ?? []);
    if (to.length === 0) throw new DeliveryError('the channel was removed from the rule', true);
    const m: EmailMessage = digest ? emailDigest(ruleName, firings, link) : emailMessage(first);
    await ctx.mailer.transport.sendMail({ from: ctx.mailer.from, to, subject: m.subject, text: m.text, html: m.html });
    return;
  }
  let secret: ChannelSecret | undefined;
  try {
    secret = openChannelSecrets(ctx.secretsKey, rule?.channelSecrets ?? null).get(d.channelId);
  } catch {
    secret = undefined;
  }
  if (!secret) {
    throw new DeliveryError(
      view || !rule
        ? 'the channel address cannot be read: is SECRETS_KEY the one it was saved with?'
        : 'the channel was removed from the rule',
      true,
    );
  }
  if (d.channelType === 'webhook') {
    // A machine wants each firing whole, even after quiet hours: one request per firing.
    for (const f of firings) {
      // Without the posts' links: a platform's link names its author (/@handle/…).
      const req = webhookRequest({ ...f, posts: f.posts.map((p) => ({ ...p, url: null })) }, secret.secret);
      await post(secret.url, req.body, { ...req.headers, 'X-LP-Delivery': `${d.id}-${f.id}` });
    }
    return;
  }
  const body =
    d.channelType === 'teams'
      ? digest
        ? teamsDigest(ruleName, firings, link)
        : teamsMessage(first)
      : digest
        ? slackDigest(ruleName, firings, link)
        : slackMessage(first);
  await post(secret.url, JSON.stringify(body), { 'content-type': 'application/json' });
}

/**
 * Sends what is due in the outbox: each delivery claimed under a lease, sent, then marked sent;
 * a failure is kept with its reason and tried again with backoff, up to MAX_ATTEMPTS.
 * Returns how many were sent.
 */
export async function deliverDue(ctx: DeliverContext, log: { warn: (o: object, m: string) => void }): Promise<number> {
  const owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  let sent = 0;
  for (;;) {
    const d = await claimDueDelivery(ctx.db, owner, LEASE_SECONDS);
    if (!d) return sent;
    try {
      await send(ctx, d);
      if (await finishAlertDelivery(ctx.db, d.id, owner, { sent: true })) sent++;
    } catch (err) {
      const error = err instanceof DeliveryError ? err.message : describe(err);
      const permanent = err instanceof DeliveryError && err.permanent;
      const retryInMs = permanent || d.attempts >= MAX_ATTEMPTS ? null : retryDelayMs(d.attempts);
      await finishAlertDelivery(ctx.db, d.id, owner, { sent: false, error, retryInMs });
      log.warn({ delivery: d.id, channel: d.channelType, attempts: d.attempts, err: error }, 'alert delivery failed');
    }
  }
}

/** A transport error without anything that could hold an address's key. */
function describe(err: unknown): string {
  const e = err as { name?: string; code?: string; cause?: { code?: string }; message?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${HOOK_TIMEOUT_MS / 1000} s`;
  const code = e.cause?.code ?? e.code;
  if (code) return `could not connect (${code})`;
  if (e.name === 'BlockedAddressError') return e.message ?? 'address refused';
  return (e.message ?? 'failed').replace(/https?:\/\/\S+/g, '[address]').slice(0, 300);
}
