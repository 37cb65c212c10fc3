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

export const zModelResponse = z.object({
  current: z.object({ version: z.string(), created: z.string(), trainedOn: z.string().nullable() }),
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
