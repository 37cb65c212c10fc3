import {
  zErrorResponse,
  zLabelInput,
  zLabelResponse,
  zPostIdParams,
  zDisagreementsResponse,
  zReviewResponse,
  zReviewSampleResponse,
  zSampleQuery,
  zSampleResponse,
} from '@lp/contracts/api';
import {
  labelPost,
  listDisagreements,
  nextReviewPost,
  nextSamplePost,
  removeLabel,
  reviewLabel,
  reviewStats,
  sampleStats,
} from '@lp/db/queries/labels';
import { getPostById } from '@lp/db/queries/posts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiError } from '../../plugins/external/error-handler';

const notFound = () => new ApiError(404, 'not_found', 'no such post');

/** Analysts' labels: the truth for a post, used by every figure in place of the model's tags. */
const labelRoutes: FastifyPluginAsyncZod = async (app) => {
  /** Every topic must be one of the taxonomy's. */
  const checkTopics = (topics: string[]) => {
    const unknown = topics.filter((t) => !app.topicNames.has(t));
    if (unknown.length > 0)
      throw new ApiError(400, 'unknown_topic', `not a topic of the taxonomy: ${unknown.join(', ')}`);
  };
  const answer = async (id: number) => {
    const post = await getPostById(app.db, id);
    if (!post) throw notFound();
    return { post: { ...post, id: String(post.id) } };
  };

  app.put(
    '/api/v1/posts/:id/label',
    {
      schema: {
        tags: ['posts'],
        summary: "Label a post: confirm or correct the model's sentiment and topics",
        description:
          "The label replaces the model's tags in every figure, list and export at once (the rollups move by exactly the difference, in the same transaction) and is never replaced by re-tagging. Send the full label: the sentiment and every topic the post is about (`[]` for none). The answer is the post as the lists now show it, with `label.model` saying what the model had tagged.",
        params: zPostIdParams,
        body: zLabelInput,
        response: { 200: zLabelResponse, 400: zErrorResponse, 404: zErrorResponse },
      },
    },
    async (req) => {
      checkTopics(req.body.topics);
      const id = Number(req.params.id);
      const outcome = await labelPost(app.db, { postId: id, ...req.body, userId: req.user!.id });
      if (!outcome.found) throw notFound();
      await app.audit(req, {
        action: 'post.labelled',
        target: String(id),
        detail: {
          sentiment: req.body.sentiment,
          topics: req.body.topics,
          before: outcome.before,
          model: { sentiment: outcome.model.sentiment.label, topics: outcome.model.topics.map((t) => t.id) },
        },
      });
      return answer(id);
    },
  );

  app.get(
    '/api/v1/labels/sample',
    {
      schema: {
        tags: ['posts'],
        summary: 'The next post worth labelling',
        description:
          "From the voice × topic group the team has labelled least, the post the model was least sure of, over all history. `skip` lists the posts passed over this session. `stats` counts the team's labels, yours, and the scored posts nobody has labelled.",
        querystring: zSampleQuery,
        response: { 200: zSampleResponse, 400: zErrorResponse },
      },
    },
    async (req) => {
      const skip = req.query.skip ? req.query.skip.split(',').map(Number) : [];
      const [pick, stats] = await Promise.all([nextSamplePost(app.db, skip), sampleStats(app.db, req.user!.id)]);
      if (!pick) return { post: null, why: null, stats };
      const post = await getPostById(app.db, pick.postId);
      if (!post) return { post: null, why: null, stats };
      const group = `${VOICE_NAMES[pick.voice] ?? pick.voice} on ${pick.topic ? (app.topicNames.get(pick.topic) ?? pick.topic) : 'no topic'}`;
      const sure = pick.confidence === null ? 'gave no confidence' : `was ${Math.round(pick.confidence * 100)}% sure`;
      return {
        post: { ...post, id: String(post.id) },
        why: `The model ${sure}. Posts by ${group} have ${pick.stratumLabels === 0 ? 'no labels yet' : `the fewest labels (${pick.stratumLabels})`}.`,
        stats,
      };
    },
  );

  app.get(
    '/api/v1/labels/review-sample',
    {
      schema: {
        tags: ['posts'],
        summary: 'The next post a colleague labelled, for you to read blind',
        description:
          'Only the text: the label is shown once your review is in. Posts you labelled yourself are never served. `skip` as for the sample.',
        querystring: zSampleQuery,
        response: { 200: zReviewSampleResponse, 400: zErrorResponse },
      },
    },
    async (req) => {
      const skip = req.query.skip ? req.query.skip.split(',').map(Number) : [];
      const [post, stats] = await Promise.all([
        nextReviewPost(app.db, req.user!.id, skip),
        reviewStats(app.db, req.user!.id),
      ]);
      return { post: post && { ...post, id: String(post.id) }, stats };
    },
  );

  app.post(
    '/api/v1/posts/:id/review',
    {
      schema: {
        tags: ['posts'],
        summary: "Review a colleague's label: your own reading of the post",
        description:
          'Answers whether it agrees with the label (same sentiment, same topics) and what the label is. A review that differs is a disagreement until someone sets the label again.',
        params: zPostIdParams,
        body: zLabelInput,
        response: { 200: zReviewResponse, 400: zErrorResponse, 404: zErrorResponse, 409: zErrorResponse },
      },
    },
    async (req) => {
      checkTopics(req.body.topics);
      const outcome = await reviewLabel(app.db, { postId: Number(req.params.id), userId: req.user!.id, ...req.body });
      if (!outcome.found)
        throw outcome.reason === 'no_label'
          ? new ApiError(404, 'not_found', 'no labelled post with this id')
          : new ApiError(409, 'own_label', 'you labelled this post: a review is a second analyst’s reading');
      return { agrees: outcome.agrees, label: outcome.label };
    },
  );

  app.get(
    '/api/v1/labels/disagreements',
    {
      schema: {
        tags: ['posts'],
        summary: 'Reviews that differ from the label, not settled yet',
        description: 'Setting the post’s label (even to the same tags: "Tags are right") settles them.',
        response: { 200: zDisagreementsResponse },
      },
    },
    async () => {
      const items = [];
      for (const d of await listDisagreements(app.db)) {
        const post = await getPostById(app.db, d.postId);
        if (post) items.push({ post: { ...post, id: String(post.id) }, review: d.review });
      }
      return { items };
    },
  );

  app.delete(
    '/api/v1/posts/:id/label',
    {
      schema: {
        tags: ['posts'],
        summary: "Take a label back: the model's tags return to the post and to the figures",
        params: zPostIdParams,
        response: { 200: zLabelResponse, 404: zErrorResponse },
      },
    },
    async (req) => {
      const id = Number(req.params.id);
      if (!(await removeLabel(app.db, id)).found) throw new ApiError(404, 'not_found', 'this post has no label');
      await app.audit(req, { action: 'post.label_removed', target: String(id), detail: {} });
      return answer(id);
    },
  );
};

const VOICE_NAMES: Record<string, string> = { staff: 'NHS staff', org: 'NHS organisations', public: 'the public' };

export default labelRoutes;
