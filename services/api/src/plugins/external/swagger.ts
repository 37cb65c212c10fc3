import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** OpenAPI generated from the route schemas: /docs (UI) and /docs/json. */
export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'Listening Post API',
          description:
            'Sentiment and topic trends of NHS staff and public posts. Dates are YYYY-MM-DD in Europe/London; `from` inclusive, `to` exclusive.',
          version: '0.1.0',
        },
        components: {
          securitySchemes: {
            session: {
              type: 'apiKey',
              in: 'cookie',
              name: 'lp_session',
              description:
                'Set by POST /api/v1/auth/login. Roles: viewer < analyst < admin (each route names its minimum in services/api/src/plugins/app/route-access.ts); 401 without a session, 403 for a lower role. A state-changing request with the cookie must carry an Origin (or Referer) of the dashboard itself.',
            },
          },
        },
        security: [{ session: [] }],
      },
      transform: jsonSchemaTransform,
    });
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  },
  { name: 'swagger' },
);
