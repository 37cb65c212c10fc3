import fp from 'fastify-plugin';
import { ALERT_EVALUATE_EVERY_MINUTES, type AlertChannelView } from '@lp/contracts/alerts';
import { digestHeldDeliveries, hasHeldDeliveries, type FiringRow } from '@lp/db/queries/alert-firings';
import { listAlertRules } from '@lp/db/queries/alert-rules';
import { channelTarget } from '../../alerts/channels';
import { deliverDue } from '../../alerts/deliver';
import { evaluateRule, type RuleOutcome } from '../../alerts/evaluate-rule';
import { inQuietHours, lastQuietEnd } from '../../alerts/quiet-hours';
import { evaluateSourceHealth } from '../../alerts/source-health';

export interface AlertRun {
  rules: Array<{ id: string; outcome: RuleOutcome['state']; message: string }>;
  fired: FiringRow[];
  digests: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    alerts: {
      /** Judges every rule and every source's health as at `now`, and builds digests of ended quiet hours. */
      evaluate(now?: Date): Promise<AlertRun>;
      /** Sends the outbox's due deliveries; how many were sent. */
      deliver(): Promise<number>;
    };
  }
}

export interface AlertSchedulerOptions {
  /** Run the timers in this process (tests call `app.alerts` by hand instead). */
  enabled: boolean;
  /** The dashboard's address, for links in alerts (PUBLIC_URL). */
  publicUrl: string;
  /** How often the clock and the outbox are looked at; rules run once per 5-minute slot. */
  tickMs?: number;
}

const SLOT_MS = ALERT_EVALUATE_EVERY_MINUTES * 60_000;

/**
 * Alerts in the API process, beside the weekly email whose SMTP settings they share. Every rule is
 * judged once per 5-minute slot; firings are unique per rule and window and deliveries are claimed
 * under a lease, so several API processes running this at once still send each alert once.
 */
export default fp<AlertSchedulerOptions>(
  async (app, opts) => {
    const evaluate = async (now = new Date()): Promise<AlertRun> => {
      const ctx = { db: app.db, publicUrl: opts.publicUrl, now };
      const run: AlertRun = { rules: [], fired: [], digests: 0 };
      for (const rule of await listAlertRules(app.db)) {
        if (rule.enabled) {
          try {
            const out = await evaluateRule(ctx, rule);
            run.rules.push({ id: rule.id, outcome: out.state, message: out.message });
            if (out.firing) run.fired.push(out.firing);
          } catch (err) {
            app.log.warn({ rule: rule.id, err: (err as Error).message }, 'alert rule could not be evaluated');
          }
        }
        try {
          if (await hasHeldDeliveries(app.db, rule.id)) run.digests += await digestHeld(rule, now);
        } catch (err) {
          app.log.warn({ rule: rule.id, err: (err as Error).message }, 'held alerts could not be digested');
        }
      }
      try {
        run.fired.push(...(await evaluateSourceHealth({ ...ctx, email: app.mailer !== null })));
      } catch (err) {
        app.log.warn({ err: (err as Error).message }, 'source health could not be judged');
      }
      return run;
    };
    /**
     * Firings held in quiet hours go out as one digest per channel once the hours end; if the quiet
     * hours were removed (or the rule turned off) meanwhile, at once.
     */
    const digestHeld = async (rule: Awaited<ReturnType<typeof listAlertRules>>[number], now: Date) => {
      const quiet = rule.quietFrom && rule.quietTo ? { from: rule.quietFrom, to: rule.quietTo } : null;
      if (quiet && rule.enabled && inQuietHours(now, quiet)) return 0;
      const ended = (quiet && lastQuietEnd(now, quiet)) || rule.updatedAt;
      const channels = rule.channels as AlertChannelView[];
      return digestHeldDeliveries(app.db, rule.id, ended, (id) => {
        const c = channels.find((x) => x.id === id);
        return c ? { type: c.type, target: channelTarget(c) } : null;
      });
    };
    const deliver = () =>
      deliverDue(
        { db: app.db, mailer: app.mailer, secretsKey: app.secretsKeyOrNull(), publicUrl: opts.publicUrl },
        app.log,
      );
    app.decorate('alerts', { evaluate, deliver });
    if (!opts.enabled) return;

    let lastSlot = -1;
    let busy = false;
    const tick = async () => {
      if (busy) return;
      busy = true;
      try {
        const slot = Math.floor(Date.now() / SLOT_MS);
        if (slot !== lastSlot) {
          lastSlot = slot;
          await evaluate();
        }
        await deliver();
      } catch (err) {
        app.log.warn({ err: (err as Error).message }, 'alerts could not run');
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void tick(), opts.tickMs ?? 15_000);
    timer.unref();
    app.addHook('onReady', async () => void tick());
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'alert-scheduler', dependencies: ['db', 'mailer', 'secrets-key'] },
);
