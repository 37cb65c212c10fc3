import fp from 'fastify-plugin';
import { loadTaxonomy } from '@lp/nlp/taxonomy';

declare module 'fastify' {
  interface FastifyInstance {
    /** Topic ids to display names, from the editable taxonomy file. */
    topicNames: Map<string, string>;
  }
}

export default fp(
  async (app) => {
    const taxonomy = loadTaxonomy();
    app.decorate('topicNames', new Map(taxonomy.topics.map((t) => [t.id, t.name])));
  },
  { name: 'taxonomy' },
);
