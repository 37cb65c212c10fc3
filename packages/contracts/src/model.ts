import { z } from 'zod';

/** A proportion with its 95% Wilson interval and the count it is out of. */
export const zRate = z.object({ value: z.number(), low: z.number(), high: z.number(), n: z.number().int() });
export type Rate = z.infer<typeof zRate>;

export const zModelVersionFigures = z.object({
  version: z.string(),
  /** Labelled posts whose model tags came from this version. */
  labels: z.number().int(),
  postsFrom: z.string().nullable(),
  postsTo: z.string().nullable(),
  sentiment: z.object({
    accuracy: zRate.nullable(),
    /** Rows: the label (negative, neutral, positive); columns: what the model said (the same, then not scored). */
    confusion: z.object({
      truth: z.array(z.string()),
      predicted: z.array(z.string()),
      counts: z.array(z.array(z.number().int())),
    }),
    perClass: z.array(z.object({ class: z.string(), precision: zRate.nullable(), recall: zRate.nullable() })),
  }),
  topics: z.array(
    z.object({ id: z.string(), name: z.string(), precision: zRate.nullable(), recall: zRate.nullable() }),
  ),
});
export type ModelVersionFigures = z.infer<typeof zModelVersionFigures>;

/** One model measured on the newest labels held back from a retraining. */
export const zHeldOutFigures = z.object({
  version: z.string(),
  /** Labelled posts measured. */
  labels: z.number().int(),
  accuracy: zRate.nullable(),
  /** Mean F1 over the sentiment classes: what promotion compares. */
  macroF1: z.number(),
  perClass: z.array(z.object({ class: z.string(), precision: zRate.nullable(), recall: zRate.nullable() })),
  confusion: z.object({
    truth: z.array(z.string()),
    predicted: z.array(z.string()),
    counts: z.array(z.array(z.number().int())),
  }),
  /** F1 over every topic of every held-back post: what promotion compares; null when no topic on either side. */
  topicF1: z.number().nullable(),
  topics: z.array(
    z.object({ id: z.string(), name: z.string(), precision: zRate.nullable(), recall: zRate.nullable() }),
  ),
});
export type HeldOutFiguresView = z.infer<typeof zHeldOutFigures>;

const zLabelSpan = z.object({ labels: z.number().int(), from: z.string().nullable(), to: z.string().nullable() });

/** A retraining from the team's labels and the version it made. */
export const zTrainedVersion = z.object({
  id: z.number().int(),
  /** The tagger version it gives (what post tags carry); null until trained. */
  version: z.string().nullable(),
  state: z.enum(['queued', 'training', 'promoted', 'refused', 'failed']),
  /** While training: scoring, fitting or evaluating. */
  stage: z.string().nullable(),
  /** 0…1 while training. */
  progress: z.number(),
  /** The version in use now. */
  active: z.boolean(),
  /** Why it was promoted or refused, with the figures, in words. */
  decision: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  activatedAt: z.string().nullable(),
  /** The oldest labels, which it learned from. */
  trainedOn: zLabelSpan.nullable(),
  /** The newest labels, held back to judge it. */
  heldOut: zLabelSpan.nullable(),
  /** The candidate and the model in use then, on the same held-back labels. */
  figures: z.object({ candidate: zHeldOutFigures, current: zHeldOutFigures }).nullable(),
});
export type TrainedVersion = z.infer<typeof zTrainedVersion>;

export const zRetrainResponse = z.object({ version: zTrainedVersion.nullable() });
export const zActivateInput = z.object({
  /** A promoted version's id, or null for the shipped model as it is. */
  versionId: z.number().int().positive().nullable(),
});

export const zModelResponse = z.object({
  current: z.object({
    version: z.string(),
    created: z.string(),
    trainedOn: z.string().nullable(),
    /** The team's version in use (its id), or null: the shipped model as it is. */
    versionId: z.number().int().nullable(),
    /** The shipped model's version (the tagger version with no correction). */
    shipped: z.string(),
  }),
  /** Retrainings, newest first, with their held-back figures; the active one is in use. */
  trained: z.array(zTrainedVersion),
  /** Posts per version behind the tags stored now; `label` is the team's labels. */
  tagged: z.array(z.object({ version: z.string(), posts: z.number().int() })),
  versions: z.array(zModelVersionFigures),
});
export type ModelResponse = z.infer<typeof zModelResponse>;

export const zRetagRun = z.object({
  id: z.number().int(),
  modelVersion: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  total: z.number().int(),
  done: z.number().int(),
  /** Posts whose tags (or language) the new model changed. */
  changed: z.number().int(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type RetagRunView = z.infer<typeof zRetagRun>;
export const zRetagResponse = z.object({ run: zRetagRun.nullable() });
