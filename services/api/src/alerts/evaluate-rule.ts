import {
  ALERT_BASELINE_WEEKS,
  ALERT_EVALUATE_EVERY_MINUTES,
  ALERT_MIN_BASELINE_WEEKS,
  SENSITIVITY_SD,
  type AlertChannelView,
  type AlertSensitivity,
} from '@lp/contracts/alerts';
import type { Db } from '@lp/db/client';
import { lastFiringOf, recordFiring, type FiringRow } from '@lp/db/queries/alert-firings';
import { recordRuleEvaluation, type AlertRuleRow } from '@lp/db/queries/alert-rules';
import {
  baselineCoverage,
  baselineSamples,
  ruleSources,
  textsIn,
  windowCounts,
  windowPosts,
  windowSourceCounts,
  type Span,
  type WindowFilter,
} from '@lp/db/queries/alert-windows';
import { channelTarget } from './channels';
import { distinctiveTerms } from './distinctive-terms';
import type { Explanation } from './firing-view';
import { inQuietHours } from './quiet-hours';
import { judgeShare, judgeVolume, type Judgement } from './robust-baseline';
import { dashboardLink, describeFilter, windowWords } from './words';

/** Post text an explanation reads: enough for stable terms, bounded so an evaluation stays quick. */
const WINDOW_TEXTS = 2_000;
const BASELINE_TEXTS = 10_000;
const POSTS_SHOWN = 5;

export interface RuleOutcome {
  state: 'ok' | 'learning' | 'cooling_down' | 'fired';
  message: string;
  firing: FiringRow | null;
}

export interface EvaluateContext {
  db: Db;
  publicUrl: string;
  now: Date;
}

/** The window a rule judges at `now`: the last `windowMinutes`, ending on the 5-minute grid. */
export function windowAt(now: Date, windowMinutes: number): Span {
  const step = ALERT_EVALUATE_EVERY_MINUTES * 60_000;
  const to = new Date(Math.floor(now.getTime() / step) * step);
  return { from: new Date(to.getTime() - windowMinutes * 60_000), to };
}

interface Comparison {
  filter: WindowFilter;
  weeks: number[];
  leftOut: Array<{ id: string; reason: string }>;
}

/**
 * Which sources the rule compares and on which baseline weeks. A source counts once it follows
 * live (its history read before the window began: history never looks like a spike), and a week
 * counts when every counted source covered that span in full. A source with too few such weeks is
 * left out rather than holding the whole rule back; the rule waits ("learning") when nothing is left.
 */
async function comparison(db: Db, rule: AlertRuleRow, span: Span): Promise<Comparison> {
  const leftOut: Comparison['leftOut'] = [];
  const candidates = await ruleSources(db, rule.sourceId ?? undefined);
  const live = candidates.filter((s) => {
    if (s.settledAt && s.settledAt <= span.from) return true;
    // An imported file is history only: never compared, and not worth a line each.
    if (s.type !== 'file' || rule.sourceId)
      leftOut.push({
        id: s.id,
        reason: s.settledAt
          ? 'began following live after this window started'
          : s.type === 'file'
            ? 'an imported file, not followed live'
            : 'still reading its history',
      });
    return false;
  });
  const covered = await baselineCoverage(
    db,
    live.map((s) => s.id),
    span,
    ALERT_BASELINE_WEEKS,
  );
  let kept = [...live];
  for (;;) {
    const weeks = [...Array(ALERT_BASELINE_WEEKS).keys()]
      .map((i) => i + 1)
      .filter((k) => kept.every((s) => covered.get(s.id)?.has(k)));
    if (kept.length === 0 || weeks.length >= ALERT_MIN_BASELINE_WEEKS) {
      const filter: WindowFilter = {
        topic: rule.topicId ?? undefined,
        voice: rule.voice ?? undefined,
        aboutUs: rule.aboutUs ?? undefined,
        sourceIds: kept.map((s) => s.id),
      };
      return { filter, weeks: kept.length ? weeks : [], leftOut };
    }
    // Drop the source with the fewest covered weeks (the newest of equals) and try again.
    const worst = [...kept].sort(
      (a, b) =>
        (covered.get(a.id)?.size ?? 0) - (covered.get(b.id)?.size ?? 0) ||
        (b.settledAt?.getTime() ?? 0) - (a.settledAt?.getTime() ?? 0),
    )[0]!;
    kept = kept.filter((s) => s !== worst);
    const n = covered.get(worst.id)?.size ?? 0;
    leftOut.push({
      id: worst.id,
      reason: `${n} of the ${ALERT_MIN_BASELINE_WEEKS} weeks of baseline it needs for this hour of the week`,
    });
  }
}

function judge(
  rule: AlertRuleRow,
  window: Awaited<ReturnType<typeof windowCounts>>,
  samples: Awaited<ReturnType<typeof baselineSamples>>,
): Judgement {
  const sd = SENSITIVITY_SD[rule.sensitivity as AlertSensitivity] ?? SENSITIVITY_SD.medium;
  return rule.metric === 'negative_share'
    ? judgeShare(window, samples, sd, rule.minVolume)
    : judgeVolume(
        window.total,
        samples.map((s) => s.total),
        sd,
        rule.minVolume,
      );
}

/**
 * Judges one rule's window against the same window of the trailing weeks (median and MAD), and
 * fires it (once per window, then quiet for the cool-down) with its explanation and deliveries.
 */
export async function evaluateRule(ctx: EvaluateContext, rule: AlertRuleRow): Promise<RuleOutcome> {
  const { db } = ctx;
  const span = windowAt(ctx.now, rule.windowMinutes);
  const cmp = await comparison(db, rule, span);
  if (cmp.weeks.length < ALERT_MIN_BASELINE_WEEKS) {
    const message =
      cmp.filter.sourceIds.length === 0 &&
      cmp.leftOut.length > 0 &&
      cmp.leftOut.every((l) => l.reason === 'still reading its history')
        ? 'Learning: its sources are still reading their history'
        : `Learning: needs ${ALERT_MIN_BASELINE_WEEKS} weeks of history for this hour of the week (has ${cmp.weeks.length})`;
    await recordRuleEvaluation(db, rule.id, {
      state: 'learning',
      message,
      baselineWeeks: cmp.weeks.length,
      at: ctx.now,
    });
    return { state: 'learning', message, firing: null };
  }
  const weeks = new Set(cmp.weeks);
  const samples = (await baselineSamples(db, cmp.filter, span, ALERT_BASELINE_WEEKS)).filter((s) => weeks.has(s.week));
  const counts = await windowCounts(db, cmp.filter, span);
  const j = judge(rule, counts, samples);
  await recordRuleEvaluation(db, rule.id, {
    state: 'ok',
    message: `${windowWords(span)}: ${j.reason}`,
    baselineWeeks: cmp.weeks.length,
    at: ctx.now,
  });
  if (!j.fires) return { state: 'ok', message: j.reason, firing: null };

  const last = await lastFiringOf(db, rule.id);
  if (last && last.windowTo.getTime() > span.to.getTime() - rule.cooldownMinutes * 60_000) {
    const until = new Date(last.windowTo.getTime() + rule.cooldownMinutes * 60_000);
    return {
      state: 'cooling_down',
      message: `fired for the window to ${last.windowTo.toISOString()}; quiet until ${until.toISOString()}`,
      firing: null,
    };
  }

  const explanation = await explain(ctx, rule, cmp, span, samples, j);
  const quiet = inQuietHours(
    span.to,
    rule.quietFrom && rule.quietTo ? { from: rule.quietFrom, to: rule.quietTo } : null,
  );
  const firing = await recordFiring(
    db,
    {
      ruleId: rule.id,
      kind: 'rule',
      windowFrom: span.from,
      windowTo: span.to,
      metric: rule.metric,
      value: j.value,
      baseline: j.baseline,
      threshold: j.threshold,
      baselineWeeks: cmp.weeks.length,
      explanation: explanation as unknown as Record<string, unknown>,
      quiet,
    },
    (rule.channels as AlertChannelView[]).map((c) => ({
      channelId: c.id,
      channelType: c.type,
      target: channelTarget(c),
      status: quiet ? 'held' : 'pending',
    })),
  );
  return firing
    ? { state: 'fired', message: explanation.summary, firing }
    : { state: 'ok', message: 'this window has fired already', firing: null };
}

async function explain(
  ctx: EvaluateContext,
  rule: AlertRuleRow,
  cmp: Comparison,
  span: Span,
  samples: Array<{ span: Span }>,
  j: Judgement,
): Promise<Explanation> {
  const onlyNegative = rule.metric === 'negative_share';
  const drivers = await windowPosts(ctx.db, cmp.filter, span, { onlyNegative, limit: WINDOW_TEXTS });
  const baselineTexts = await textsIn(
    ctx.db,
    cmp.filter,
    samples.map((s) => s.span),
    BASELINE_TEXTS,
  );
  const windowTexts = drivers.flatMap((p) => (p.text ? [p.text] : []));
  const what = describeFilter(rule);
  const summary =
    rule.metric === 'negative_share'
      ? `${Math.round(j.value * 100)}% of ${what} were negative in ${windowWords(span)}, against a usual ${Math.round(j.baseline * 100)}% for this hour of the week (alert level ${Math.round(j.threshold * 100)}%).`
      : `${j.value} ${what} in ${windowWords(span)}, against a usual ${round1(j.baseline)} for this hour of the week (alert level ${round1(j.threshold)}).`;
  return {
    alertName: rule.name,
    summary,
    terms: distinctiveTerms(windowTexts, baselineTexts, { top: 10 }),
    // No author, ever; and by id, so the text shown is whatever the post still holds.
    posts: drivers.slice(0, POSTS_SHOWN).map((p) => ({ id: p.id })),
    sources: await windowSourceCounts(ctx.db, cmp.filter, span),
    leftOut: cmp.leftOut,
    link: dashboardLink(ctx.publicUrl, rule, span),
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
