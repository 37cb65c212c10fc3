import {
  ALERT_BASELINE_WEEKS,
  ALERT_EVALUATE_EVERY_MINUTES,
  ALERT_MIN_BASELINE_WEEKS,
  SENSITIVITY_SD,
  type AlertChannelView,
  type AlertSensitivity,
} from '@lp/contracts/alerts';
import type { Db } from '@lp/db/client';
import { recordRuleFiring, type FiringRow } from '@lp/db/queries/alert-firings';
import { recordRuleEvaluation, type AlertRuleRow } from '@lp/db/queries/alert-rules';
import {
  baselineCoverage,
  baselineSamples,
  ruleSources,
  textsIn,
  windowCounts,
  windowPosts,
  windowSourceCounts,
  type RuleSource,
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

const STEP_MS = ALERT_EVALUATE_EVERY_MINUTES * 60_000;
const onGrid = (t: number) => new Date(Math.floor(t / STEP_MS) * STEP_MS);

/** The window a rule would judge at `now` with every source up to date: the last `windowMinutes`, ending on the 5-minute grid. */
export function windowAt(now: Date, windowMinutes: number): Span {
  const to = onGrid(now.getTime());
  return { from: new Date(to.getTime() - windowMinutes * 60_000), to };
}

const STATE_WORDS: Record<string, string> = {
  stopped: 'stopped',
  paused: 'paused',
  error: 'failing',
  backoff: 'failing',
  budget_spent: 'out of read budget',
};

/**
 * Why a source cannot speak for a window that ends now (null: it can): paused, stopped, failing,
 * out of budget, or without a good poll for longer than three intervals (at least an hour). Such a
 * source counts on neither side, rather than as a drop in the window.
 */
function notCollecting(s: RuleSource, now: Date): string | null {
  // Not yet following live: said as such by the next check ("still reading its history").
  if (!s.settledAt && s.state === 'new') return null;
  const why = STATE_WORDS[s.state];
  if (why) return `not collecting now (${why})`;
  if (!s.enabled) return 'not collecting now (paused)';
  const limit = Math.max(3 * s.pollEverySeconds * 1000, 3_600_000);
  if (!s.lastSuccessAt || now.getTime() - s.lastSuccessAt.getTime() > limit) return 'no good poll for over an hour';
  return null;
}

interface Comparison {
  span: Span;
  filter: WindowFilter;
  weeks: number[];
  leftOut: Array<{ id: string; reason: string }>;
  /** The source whose last poll (or untagged posts) held the window back, if one did. */
  waitingFor: string | null;
}

/**
 * Which window is judged, which sources are compared and on which baseline weeks.
 * - A source counts while it is collecting (see notCollecting), and once it follows live: its
 *   history was read before the window began, so history never looks like a spike.
 * - The window ends where every counted source is complete: at its last good poll, and before its
 *   oldest post still waiting to be tagged (on the 5-minute grid), so nothing is judged half-counted.
 * - A baseline week counts when every counted source covered that span in full. A source with too
 *   few such weeks is left out rather than holding the whole rule back; with nothing left the rule
 *   waits ("learning").
 */
async function comparison(db: Db, rule: AlertRuleRow, now: Date): Promise<Comparison> {
  const leftOut: Comparison['leftOut'] = [];
  const first = windowAt(now, rule.windowMinutes);
  const candidates = await ruleSources(db, rule.sourceId ?? undefined);
  const collecting = candidates.filter((s) => {
    // An imported file is history only: never compared, and not worth a line each.
    if (s.type === 'file' && !rule.sourceId) return false;
    const why = s.type === 'file' ? 'an imported file, not followed live' : notCollecting(s, now);
    if (why) leftOut.push({ id: s.id, reason: why });
    return why === null;
  });
  const settled = collecting.filter((s) => {
    if (s.settledAt && s.settledAt <= first.from) return true;
    leftOut.push({
      id: s.id,
      reason: s.settledAt ? 'began following live after this window started' : 'still reading its history',
    });
    return false;
  });
  let end = first.to.getTime();
  let waitingFor: string | null = null;
  for (const s of settled) {
    const complete = Math.min(s.lastSuccessAt?.getTime() ?? end, s.oldestPending?.getTime() ?? Infinity);
    if (onGrid(complete).getTime() < end) {
      end = onGrid(complete).getTime();
      waitingFor = s.id;
    }
  }
  const span = { from: new Date(end - rule.windowMinutes * 60_000), to: new Date(end) };
  const covered = await baselineCoverage(
    db,
    settled.map((s) => s.id),
    span,
    ALERT_BASELINE_WEEKS,
  );
  let kept = [...settled];
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
      return { span, filter, weeks: kept.length ? weeks : [], leftOut, waitingFor };
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
  const cmp = await comparison(db, rule, ctx.now);
  const span = cmp.span;
  const learning = async (message: string, weeks: number): Promise<RuleOutcome> => {
    await recordRuleEvaluation(db, rule.id, { state: 'learning', message, baselineWeeks: weeks, at: ctx.now });
    return { state: 'learning', message, firing: null };
  };
  if (cmp.weeks.length < ALERT_MIN_BASELINE_WEEKS) {
    if (cmp.filter.sourceIds.length === 0 && cmp.leftOut.length > 0) {
      const reasons = new Set(cmp.leftOut.map((l) => l.reason));
      if (reasons.size === 1 && reasons.has('still reading its history'))
        return learning('Learning: its sources are still reading their history', 0);
      if ([...reasons].every((r) => r.startsWith('not collecting') || r.startsWith('no good poll')))
        return learning('Waiting: none of its sources is collecting now', 0);
    }
    return learning(
      `Learning: needs ${ALERT_MIN_BASELINE_WEEKS} weeks of history for this hour of the week (has ${cmp.weeks.length})`,
      cmp.weeks.length,
    );
  }
  const weeks = new Set(cmp.weeks);
  let samples = (await baselineSamples(db, cmp.filter, span, ALERT_BASELINE_WEEKS)).filter((s) => weeks.has(s.week));
  if (rule.metric === 'negative_share') {
    // A week with nothing scored has no share at all: it cannot say what is usual.
    samples = samples.filter((s) => s.scored > 0);
    if (samples.length < ALERT_MIN_BASELINE_WEEKS)
      return learning(
        `Learning: needs ${ALERT_MIN_BASELINE_WEEKS} weeks with scored posts for this hour of the week (has ${samples.length})`,
        samples.length,
      );
  }
  const counts = await windowCounts(db, cmp.filter, span);
  const j = judge(rule, counts, samples);
  const behind = cmp.waitingFor ? ` (up to ${cmp.waitingFor}'s latest posts)` : '';
  await recordRuleEvaluation(db, rule.id, {
    state: 'ok',
    message: `${windowWords(span)}${behind}: ${j.reason}`,
    baselineWeeks: samples.length,
    at: ctx.now,
  });
  if (!j.fires) return { state: 'ok', message: j.reason, firing: null };

  const explanation = await explain(ctx, rule, cmp, span, samples, j);
  const quiet = inQuietHours(
    span.to,
    rule.quietFrom && rule.quietTo ? { from: rule.quietFrom, to: rule.quietTo } : null,
  );
  const recorded = await recordRuleFiring(
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
      baselineWeeks: samples.length,
      explanation: explanation as unknown as Record<string, unknown>,
      quiet,
    },
    (rule.channels as AlertChannelView[]).map((c) => ({
      channelId: c.id,
      channelType: c.type,
      target: channelTarget(c),
      status: quiet ? 'held' : 'pending',
    })),
    rule.cooldownMinutes,
  );
  if (recorded === 'cooling_down')
    return { state: 'cooling_down', message: 'fired within its cool-down: quiet for now', firing: null };
  if (recorded === 'already_fired') return { state: 'ok', message: 'this window has fired already', firing: null };
  return { state: 'fired', message: explanation.summary, firing: recorded };
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
