import { readFileSync } from 'node:fs';
import { zErrorResponse } from '@lp/contracts/api';
import { ApiError } from '../../plugins/external/error-handler';
import {
  zActivateInput,
  zModelResponse,
  zRetagResponse,
  zRetrainResponse,
  type HeldOutFiguresView,
  type ModelVersionFigures,
  type Rate,
  type TrainedVersion,
} from '@lp/contracts/model';
import { modelAgreement, taggedByVersion } from '@lp/db/queries/labels';
import {
  activateModelVersion,
  activeModelVersion,
  getModelVersion,
  listModelVersions,
  requestRetrain,
  trainingLabels,
  type ModelVersionRow,
} from '@lp/db/queries/model-versions';
import { latestRetagRun, startRetagRun, type RetagRun } from '@lp/db/queries/retag-runs';
import { correctedVersion } from '@lp/nlp/model/correction';
import { DEFAULT_MODEL_URL } from '@lp/nlp/model/linear-model';
import { MIN_LABELS, type HeldOutFigures, type LabelSpan } from '@lp/nlp/model/retrain';
import { loadTaxonomy } from '@lp/nlp/taxonomy';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const CLASSES = ['negative', 'neutral', 'positive'] as const;
const PREDICTED = [...CLASSES, 'unscored'] as const;

/** 95% Wilson score interval of k out of n; null when n is 0. */
export function wilson(k: number, n: number): Rate | null {
  if (n === 0) return null;
  const z = 1.959964;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { value: r(p), low: r(Math.max(0, centre - half)), high: r(Math.min(1, centre + half)), n };
}

/** The shipped model and how every version that tagged labelled posts agrees with the team's labels. */
const modelRoutes: FastifyPluginAsyncZod = async (app) => {
  // The header only (the weights stay with the NLP worker); the taxonomy's hash completes the version string.
  const header = JSON.parse(readFileSync(DEFAULT_MODEL_URL, 'utf8')) as {
    version: string;
    created: string;
    trainedOn?: string;
  };
  const rulesHash = loadTaxonomy().hash;
  /** The tagger version a correction id gives (null: the shipped model as it is), as the NLP workers name it. */
  const taggerVersion = (correctionId: number | null) =>
    `${correctedVersion(header.version, correctionId === null ? null : { id: `c${correctionId}` })}+rules-${rulesHash}`;
  const shipped = taggerVersion(null);
  /** The model in use: the shipped one, or it with the team's promoted correction. */
  const current = async () => {
    const active = await activeModelVersion(app.db);
    const usable = active && active.baseVersion === header.version;
    return {
      version: usable ? taggerVersion(active.id) : shipped,
      created: usable ? (active.activatedAt ?? active.finishedAt ?? header.created) : header.created,
      trainedOn: usable
        ? `${header.trainedOn ?? `model ${header.version}`}, corrected on ${(active.trainedOn as LabelSpan | null)?.labels ?? 0} of your team's labels`
        : (header.trainedOn ?? null),
      versionId: usable ? active.id : null,
      shipped,
    };
  };
  const trained = (row: ModelVersionRow): TrainedVersion => {
    const figures = row.figures as { candidate: HeldOutFigures; current: HeldOutFigures } | null;
    return {
      id: row.id,
      version: row.version,
      state: row.state,
      stage: row.stage,
      progress: row.progress,
      active: row.active,
      decision: row.decision,
      error: row.error,
      createdAt: row.createdAt,
      finishedAt: row.finishedAt,
      activatedAt: row.activatedAt,
      trainedOn: (row.trainedOn as LabelSpan | null) ?? null,
      heldOut: (row.heldOut as LabelSpan | null) ?? null,
      figures: figures && { candidate: heldOutView(figures.candidate), current: heldOutView(figures.current) },
    };
  };
  const heldOutView = (f: HeldOutFigures): HeldOutFiguresView => {
    const counts = f.sentiment.confusion;
    const labels = counts.reduce((s, row) => s + row.reduce((a, x) => a + x, 0), 0);
    const correct = CLASSES.reduce((s, _c, i) => s + counts[i]![i]!, 0);
    return {
      version: f.version,
      labels,
      accuracy: wilson(correct, labels),
      macroF1: round(f.sentiment.macroF1),
      perClass: CLASSES.map((c, i) => ({
        class: c,
        precision: wilson(
          counts[i]![i]!,
          counts.reduce((s, row) => s + row[i]!, 0),
        ),
        recall: wilson(
          counts[i]![i]!,
          counts[i]!.reduce((s, x) => s + x, 0),
        ),
      })),
      confusion: { truth: [...CLASSES], predicted: [...PREDICTED], counts },
      topicF1: f.topics.microF1 === null ? null : round(f.topics.microF1),
      topics: f.topics.perTopic.map((t) => ({
        id: t.id,
        name: app.topicNames.get(t.id) ?? t.id,
        precision: wilson(t.tp, t.tp + t.fp),
        recall: wilson(t.tp, t.tp + t.fn),
      })),
    };
  };

  app.get(
    '/api/v1/model',
    {
      config: { cacheUntilDataChanges: true },
      schema: {
        tags: ['model'],
        summary: 'The model behind the tags, and how far to trust it on your own labels',
        description:
          "`tagged`: posts per model version behind the stored tags (`label`: your team's labels). `versions`: for each version that tagged labelled posts, its accuracy, per-class precision and recall and per-topic precision and recall on those labels, with 95% Wilson intervals and the counts they are out of, and the sentiment confusion matrix (rows: the label; columns: the model).",
        response: { 200: zModelResponse },
      },
    },
    async () => {
      const [agreement, tagged, inUse, rows] = await Promise.all([
        modelAgreement(app.db),
        taggedByVersion(app.db),
        current(),
        listModelVersions(app.db),
      ]);
      const versions: ModelVersionFigures[] = agreement.labelled.map(({ version, n, from, to }) => {
        const cells = agreement.confusion.filter((c) => c.version === version);
        const count = (truth: string, predicted: string) =>
          cells.find((c) => c.truth === truth && c.predicted === predicted)?.n ?? 0;
        const counts = CLASSES.map((t) => PREDICTED.map((p) => count(t, p)));
        const correct = CLASSES.reduce((s, c) => s + count(c, c), 0);
        return {
          version,
          labels: n,
          postsFrom: from,
          postsTo: to,
          sentiment: {
            accuracy: wilson(correct, n),
            confusion: { truth: [...CLASSES], predicted: [...PREDICTED], counts },
            perClass: CLASSES.map((c, i) => {
              const predicted = CLASSES.reduce((s, t) => s + count(t, c), 0);
              const labelled = counts[i]!.reduce((s, x) => s + x, 0);
              return { class: c, precision: wilson(count(c, c), predicted), recall: wilson(count(c, c), labelled) };
            }),
          },
          topics: agreement.topics
            .filter((t) => t.version === version)
            .map((t) => ({
              id: t.topicId,
              name: app.topicNames.get(t.topicId) ?? t.topicId,
              precision: wilson(t.tp, t.tp + t.fp),
              recall: wilson(t.tp, t.tp + t.fn),
            })),
        };
      });
      return { current: inUse, trained: rows.map(trained), tagged, versions };
    },
  );

  app.get(
    '/api/v1/model/retag',
    {
      schema: {
        tags: ['model'],
        summary: 'The latest re-tagging of history, with its progress',
        response: { 200: zRetagResponse },
      },
    },
    async () => ({ run: view(await latestRetagRun(app.db)) }),
  );

  app.post(
    '/api/v1/model/retag',
    {
      schema: {
        tags: ['model'],
        summary: 'Re-tag every stored post with the current model',
        description:
          "Starts a background run (or answers the one already running): the NLP workers re-tag every post that still has its text with the model they run, in batches, each batch's tags and rollup changes in one transaction, so the figures stay exact throughout and a restart resumes where it stopped. Labelled posts keep their labels; the new model's tags are kept beside them.",
        body: z.object({}).nullish(),
        response: { 202: zRetagResponse, 400: zErrorResponse },
      },
    },
    async (req, reply) => {
      const { version } = await current();
      const { run, created } = await startRetagRun(app.db, { modelVersion: version, userId: req.user!.id });
      if (created)
        await app.audit(req, {
          action: 'model.retag_started',
          target: version,
          detail: { runId: run.id, total: run.total },
        });
      return reply.code(202).send({ run: view(run) });
    },
  );

  app.get(
    '/api/v1/model/retrain',
    {
      schema: {
        tags: ['model'],
        summary: 'The latest retraining from your labels, with its progress and decision',
        response: { 200: zRetrainResponse },
      },
    },
    async () => {
      const [latest] = await listModelVersions(app.db);
      return { version: latest ? trained(latest) : null };
    },
  );

  app.post(
    '/api/v1/model/retrain',
    {
      schema: {
        tags: ['model'],
        summary: "Retrain from your team's labels",
        description: `Queues a retraining (or answers the one already queued or running). An NLP worker fits a correction on the shipped model's scores from the oldest 70% of labelled posts, by post time, and measures it and the model in use on the newest 30%. It is promoted only if its sentiment macro-F1 and topic F1 are both at least as good; a promotion starts re-tagging history with it. Needs at least ${MIN_LABELS} labelled posts that still have their text (400 otherwise).`,
        body: z.object({}).nullish(),
        response: { 202: zRetrainResponse, 400: zErrorResponse },
      },
    },
    async (req, reply) => {
      const labels = (await trainingLabels(app.db)).length;
      if (labels < MIN_LABELS)
        throw new ApiError(
          400,
          'not_enough_labels',
          `Retraining needs at least ${MIN_LABELS} labelled posts that still have their text; your team has labelled ${labels}. Label ${MIN_LABELS - labels} more in "Label a sample".`,
        );
      const { version, created } = await requestRetrain(app.db, { baseVersion: header.version, userId: req.user!.id });
      if (created)
        await app.audit(req, { action: 'model.retrain_requested', target: `c${version.id}`, detail: { labels } });
      return reply.code(202).send({ version: trained(version) });
    },
  );

  app.post(
    '/api/v1/model/active',
    {
      schema: {
        tags: ['model'],
        summary: 'Use another model version (one-click rollback)',
        description:
          "`versionId`: a promoted version's id, or null for the shipped model as it is. The NLP workers switch within seconds and history is re-tagged with it in the background (the answer is that re-tagging run). 404 when the id is not a promoted version.",
        body: zActivateInput,
        response: { 202: zRetagResponse, 404: zErrorResponse },
      },
    },
    async (req, reply) => {
      const { versionId } = req.body;
      if (versionId !== null) {
        const row = await getModelVersion(app.db, versionId);
        if (!row || row.state !== 'promoted' || row.baseVersion !== header.version)
          throw new ApiError(
            404,
            'not_found',
            'no promoted model version with that id for the model this installation ships',
          );
      }
      const version = taggerVersion(versionId);
      const run = await activateModelVersion(app.db, { id: versionId, taggerVersion: version, userId: req.user!.id });
      if (!run) throw new ApiError(404, 'not_found', 'no promoted model version with that id');
      await app.audit(req, { action: 'model.activated', target: version, detail: { versionId, runId: run.id } });
      return reply.code(202).send({ run: view(run) });
    },
  );
};

const round = (x: number) => Math.round(x * 1000) / 1000;

const view = (run: RetagRun | null) =>
  run && {
    id: run.id,
    modelVersion: run.modelVersion,
    state: run.state,
    total: run.total,
    done: run.done,
    changed: run.changed,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    error: run.error,
  };

export default modelRoutes;
