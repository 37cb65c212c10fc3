import { createServer, type Server } from 'node:http';
import type { Metrics } from './metrics';

/** /metrics for Prometheus and /ready for orchestrators: 503 once shutdown has begun. */
export function startProbeServer(port: number, metrics: Metrics, isReady: () => boolean): Server {
  const server = createServer(async (req, res) => {
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(await metrics.registry.metrics());
    } else if (req.url === '/ready') {
      const ready = isReady();
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ready }));
    } else {
      res.writeHead(404).end();
    }
  });
  server.listen(port, '0.0.0.0');
  return server;
}
