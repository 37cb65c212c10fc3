import { readFileSync } from 'node:fs';
import { zErrorResponse } from '@lp/contracts/api';
import { zModelResponse, zRetagResponse, type ModelVersionFigures, type Rate } from '@lp/contracts/model';
import { modelAgreement, taggedByVersion } from '@lp/db/queries/labels';
import { latestRetagRun, startRetagRun, type RetagRun } from '@lp/db/queries/retag-runs';
import { DEFAULT_MODEL_URL } from '@lp/nlp/model/linear-model';
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
  const current = {
    version: `${header.version}+rules-${loadTaxonomy().hash}`,
    created: header.created,
    trainedOn: header.trainedOn ?? null,
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
      const [agreement, tagged] = await Promise.all([modelAgreement(app.db), taggedByVersion(app.db)]);
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
      return { current, tagged, versions };
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
      const { run, created } = await startRetagRun(app.db, { modelVersion: current.version, userId: req.user!.id });
      if (created)
        await app.audit(req, {
          action: 'model.retag_started',
          target: current.version,
          detail: { runId: run.id, total: run.total },
        });
      return reply.code(202).send({ run: view(run) });
    },
  );
};

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
