import { z } from 'zod';
import { zErrorResponse } from '@lp/contracts/api';
import {
  SENSITIVITY_WORDS,
  zAlertRule,
  zAlertRuleInput,
  zAlertRuleList,
  zAlertRulePatch,
  type AlertChannelInput,
  type AlertChannelView,
  type AlertRule,
  type AlertSensitivity,
} from '@lp/contracts/alerts';
import {
  createAlertRule,
  deleteAlertRule,
  getAlertRule,
  listAlertRules,
  updateAlertRule,
  type AlertRuleRow,
  type AlertRuleValues,
} from '@lp/db/queries/alert-rules';
import { lastFiringOf } from '@lp/db/queries/alert-firings';
import { getSource } from '@lp/db/queries/sources';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { normaliseChannels, openChannelSecrets, sealChannelSecrets } from '../../../alerts/channels';
import { ApiError, BadRequestError } from '../../../plugins/external/error-handler';
import { SecretsKeyError } from '@lp/secrets/secrets';
import alertHistoryRoutes from './history';

export const zRuleParams = z.object({
  id: z.string().regex(/^[0-9a-f-]{36}$/i, 'must be an alert id'),
});

async function ruleView(app: FastifyInstance, r: AlertRuleRow): Promise<AlertRule> {
  const last = await lastFiringOf(app.db, r.id);
  return {
    id: r.id,
    name: r.name,
    filter: {
      ...(r.topicId ? { topic: r.topicId } : {}),
      ...(r.sourceId ? { source: r.sourceId } : {}),
      ...(r.voice ? { voice: r.voice as 'staff' } : {}),
      ...(r.aboutUs !== null ? { aboutUs: r.aboutUs } : {}),
    },
    metric: r.metric as AlertRule['metric'],
    sensitivity: r.sensitivity as AlertSensitivity,
    sensitivityWords: SENSITIVITY_WORDS[r.sensitivity as AlertSensitivity],
    channels: r.channels as AlertChannelView[],
    windowMinutes: r.windowMinutes,
    cooldownMinutes: r.cooldownMinutes,
    quietHours: r.quietFrom && r.quietTo ? { from: r.quietFrom, to: r.quietTo } : null,
    minVolume: r.minVolume,
    enabled: r.enabled,
    builtIn: r.builtIn !== null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    status: {
      state: !r.enabled ? 'off' : r.lastState === 'ok' ? 'ok' : 'learning',
      message: !r.enabled
        ? 'Off'
        : (r.lastMessage ?? 'Waiting for its first check (rules are checked every 5 minutes)'),
      lastEvaluatedAt: r.lastEvaluatedAt?.toISOString() ?? null,
      lastFiredAt: last?.firedAt.toISOString() ?? null,
      baselineWeeks: r.lastBaselineWeeks,
    },
  };
}

/** A rule's saved hook addresses; a SECRETS_KEY that cannot open them is the operator's to fix (503). */
function openSaved(key: Buffer | null, sealed: string | null) {
  try {
    return openChannelSecrets(key, sealed);
  } catch (err) {
    if (err instanceof SecretsKeyError || (err as Error).name === 'SecretsKeyError')
      throw new ApiError(
        503,
        'secrets_key_mismatch',
        'the saved channel addresses cannot be read: is SECRETS_KEY the one they were saved with?',
      );
    throw err;
  }
}

/** Checks what the schema cannot (the topic and source exist) and seals the channels' secrets. */
async function ruleValues(
  app: FastifyInstance,
  body: {
    filter?: { topic?: string; source?: string; voice?: string; aboutUs?: boolean };
    channels?: AlertChannelInput[];
    quietHours?: { from: string; to: string } | null;
  },
  saved: AlertRuleRow | null,
): Promise<Partial<AlertRuleValues>> {
  const out: Partial<AlertRuleValues> = {};
  if (body.filter) {
    const f = body.filter;
    if (f.topic && f.topic !== '*' && !app.topicNames.has(f.topic))
      throw new BadRequestError(`filter.topic: no topic "${f.topic}" in the taxonomy`);
    if (f.source) {
      const source = await getSource(app.db, f.source);
      if (!source) throw new BadRequestError(`filter.source: no source "${f.source}"`);
    }
    Object.assign(out, {
      topicId: f.topic && f.topic !== '*' ? f.topic : null,
      sourceId: f.source ?? null,
      voice: f.voice ?? null,
      aboutUs: f.aboutUs ?? null,
    });
  }
  if (body.channels) {
    const hooks = body.channels.some((c) => c.type !== 'email');
    // Hook addresses are keys (anyone holding a Slack or Teams hook URL can post to it): sealed, never plain.
    const key = hooks ? app.secretsKey() : app.secretsKeyOrNull();
    const { views, secrets } = await normaliseChannels(
      body.channels,
      {
        views: (saved?.channels as AlertChannelView[] | undefined) ?? [],
        secrets: openSaved(key, saved?.channelSecrets ?? null),
      },
      { allowPrivate: app.allowPrivateSourceUrls },
    );
    out.channels = views;
    out.channelSecrets = key ? sealChannelSecrets(key, secrets) : null;
  }
  if (body.quietHours !== undefined) {
    out.quietFrom = body.quietHours?.from ?? null;
    out.quietTo = body.quietHours?.to ?? null;
  }
  return out;
}

const auditDetail = (r: AlertRuleRow) => ({
  name: r.name,
  metric: r.metric,
  sensitivity: r.sensitivity,
  channels: (r.channels as AlertChannelView[]).map((c) => c.type),
  enabled: r.enabled,
});

/** Alert rules: what to watch, how jumpy, where to send. Admins set them; history is under ./history. */
const alertRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'The alert rules, with what each last found',
        description:
          'Webhook addresses are shown by their host only and secrets never: keep a saved channel by sending `{ "type", "id" }` back.',
        response: { 200: zAlertRuleList },
      },
    },
    async () => ({ alerts: await Promise.all((await listAlertRules(app.db)).map((r) => ruleView(app, r))) }),
  );

  app.post(
    '/api/v1/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Add an alert rule',
        description:
          'Rules are checked every 5 minutes over the last `windowMinutes` against the same window in the 8 weeks before (median and MAD; it needs 3). Sensitivity low / medium / high fires above 4 / 3 / 2 robust standard deviations.',
        body: zAlertRuleInput,
        response: { 201: zAlertRule, 400: zErrorResponse, 503: zErrorResponse },
      },
    },
    async (req, res) => {
      const b = req.body;
      const extra = await ruleValues(app, b, null);
      const row = await createAlertRule(app.db, {
        name: b.name,
        metric: b.metric,
        sensitivity: b.sensitivity,
        windowMinutes: b.windowMinutes,
        cooldownMinutes: b.cooldownMinutes,
        minVolume: b.minVolume,
        enabled: b.enabled,
        createdBy: req.user?.email ?? null,
        channels: [],
        ...extra,
      });
      await app.audit(req, { action: 'alert.created', target: row.id, detail: auditDetail(row) });
      return res.code(201).send(await ruleView(app, row));
    },
  );

  app.patch(
    '/api/v1/alerts/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Change an alert rule',
        params: zRuleParams,
        body: zAlertRulePatch,
        response: { 200: zAlertRule, 400: zErrorResponse, 404: zErrorResponse, 503: zErrorResponse },
      },
    },
    async (req) => {
      const saved = await getAlertRule(app.db, req.params.id);
      if (!saved) throw new ApiError(404, 'not_found', `no alert ${req.params.id}`);
      const b = req.body;
      const extra = await ruleValues(app, b, saved);
      const row = await updateAlertRule(app.db, saved.id, {
        ...(b.name !== undefined ? { name: b.name } : {}),
        ...(b.metric !== undefined ? { metric: b.metric } : {}),
        ...(b.sensitivity !== undefined ? { sensitivity: b.sensitivity } : {}),
        ...(b.windowMinutes !== undefined ? { windowMinutes: b.windowMinutes } : {}),
        ...(b.cooldownMinutes !== undefined ? { cooldownMinutes: b.cooldownMinutes } : {}),
        ...(b.minVolume !== undefined ? { minVolume: b.minVolume } : {}),
        ...(b.enabled !== undefined ? { enabled: b.enabled } : {}),
        ...extra,
      });
      if (!row) throw new ApiError(404, 'not_found', `no alert ${req.params.id}`);
      await app.audit(req, { action: 'alert.updated', target: row.id, detail: auditDetail(row) });
      return ruleView(app, row);
    },
  );

  app.delete(
    '/api/v1/alerts/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Delete an alert rule (its history stays)',
        params: zRuleParams,
        response: { 204: z.null(), 404: zErrorResponse },
      },
    },
    async (req, res) => {
      const saved = await getAlertRule(app.db, req.params.id);
      if (!saved || !(await deleteAlertRule(app.db, saved.id)))
        throw new ApiError(404, 'not_found', `no alert ${req.params.id}`);
      await app.audit(req, { action: 'alert.deleted', target: saved.id, detail: { name: saved.name } });
      return res.code(204).send(null);
    },
  );

  await app.register(alertHistoryRoutes);
};

export default alertRoutes;
